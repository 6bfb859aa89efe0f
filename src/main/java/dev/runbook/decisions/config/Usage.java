package dev.runbook.decisions.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * The command line's help: the commands, and the main settings with the defaults the packaged
 * application.properties gives them (read from it, so the help never disagrees with the jar).
 */
final class Usage {

    /** The settings a first deployment changes, with what each is for; every other one is in docs/operations.md. */
    private static final List<List<String>> SETTINGS = List.of(
            List.of("quarkus.http.port", "the HTTP port"),
            List.of("runbook.store", "where the audit log is kept: h2 (files under ./data/) or postgresql"),
            List.of("quarkus.datasource.postgresql.jdbc.url", "the PostgreSQL database, when runbook.store=postgresql"),
            List.of("runbook.security.keys-file", "the API keys file (lines hash-key prints)"),
            List.of("runbook.act.default-mode", "advise, dry-run or execute"));

    private Usage() {
    }

    static void print(PrintStream out) {
        Properties defaults = defaults();
        out.println("usage: java [-Dsetting=value ...] -jar quarkus-run.jar [COMMAND]");
        out.println();
        out.println("Without a command, starts the service. A command runs and exits; none starts the service:");
        out.println("  hash-key NAME [ROLE,ROLE...]   issue an API key: prints the key and the configuration lines holding its hash");
        out.println("                                 (roles: evaluator, operator, editor, auditor, admin; default evaluator)");
        out.println("  test-alert FILE [--sender alertmanager|grafana|pagerduty] [--json]");
        out.println("                                 what the service would decide for each alert of FILE, a sender's payload");
        out.println("                                 (sender detected from the payload unless given); records nothing.");
        out.println("                                 Exit 0: every alert decides; 1: an alert or the payload is rejected; 2: usage");
        out.println("  --help, -h                     this help");
        out.println();
        out.println("Main settings (-Dsetting=value before -jar, or as environment variables: QUARKUS_HTTP_PORT, RUNBOOK_STORE, ...):");
        for (List<String> setting : SETTINGS) {
            out.println("  " + setting.get(0) + "=" + defaults.getProperty(setting.get(0), ""));
            out.println("      " + setting.get(1));
        }
        out.println("Every setting: docs/operations.md, \"Configuration\".");
    }

    private static Properties defaults() {
        Properties properties = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
