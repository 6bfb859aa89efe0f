package dev.runbook.decisions.config;

import java.io.PrintStream;
import java.util.List;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import sun.misc.Signal;

import dev.runbook.decisions.security.ApiKey;

/**
 * The service when started without arguments; otherwise a command that runs and exits without starting it:
 * {@code hash-key NAME [ROLES]} issues an API key (prints the key, to hand to the caller, and the configuration lines
 * holding only its hash), {@code test-alert FILE} says what the service would decide for each alert of a sender's
 * payload, {@code --help} prints the commands and the main settings. Anything else is a usage error: a mistyped
 * command must never start a service.
 */
@QuarkusMain
public class RunbookMain {

    /** Exit code of a command line that cannot be run: unknown command, missing or unreadable argument. */
    static final int USAGE = 2;

    public static void main(String... args) {
        if (args.length == 0) {
            // SIGTERM is how Kubernetes, a rolling restart or an operator stops a replica: a normal stop. The JVM's own
            // handler would end the graceful shutdown with exit code 143, which Kubernetes reports as an Error; this
            // one asks Quarkus for the same graceful shutdown and exit code 0.
            Signal.handle(new Signal("TERM"), signal -> Quarkus.asyncExit(0));
            setServiceProperties();
            Quarkus.run(args);
            return;
        }
        System.exit(command(List.of(args), System.out, System.err));
    }

    /**
     * JVM system properties the service needs before the libraries reading them load, each unless set on the command
     * line. {@code h2.objectCache=false}: H2 puts every text it writes or reads, however long, in a cache of 1,024
     * slots, where an audit record's body (about 40 KB in memory) lived until another text took its slot, long enough
     * to be promoted to the old generation; at 200 decisions a second, with the chain check reading a minute's records
     * back, that filled the old generation with dead bodies every few seconds (bench/README.md, "H2's text cache and
     * the chain check's batches").
     */
    static void setServiceProperties() {
        System.getProperties().putIfAbsent("h2.objectCache", "false");
    }

    /** Runs the command {@code args} names and answers its exit code; never starts the service. */
    static int command(List<String> args, PrintStream out, PrintStream err) {
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "--help", "-h" -> {
                Usage.print(out);
                yield 0;
            }
            case "hash-key" -> issueKey(rest, out, err);
            case "test-alert" -> AlertFileTest.run(rest, out, err);
            default -> {
                err.println("unknown command '" + args.get(0) + "'");
                Usage.print(err);
                yield USAGE;
            }
        };
    }

    private static int issueKey(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() < 1 || args.size() > 2) {
            err.println("usage: java -jar quarkus-run.jar hash-key NAME [ROLE,ROLE...]   (roles: evaluator, operator, editor, auditor, admin)");
            return USAGE;
        }
        ApiKey.Issued issued = ApiKey.issue(args.get(0));
        String roles = args.size() == 2 ? args.get(1) : "evaluator";
        out.println("key (give it to the caller; it is not stored anywhere):");
        out.println("  " + issued.key());
        out.println("configuration (application.properties), or the same lines without the prefix in the keys file:");
        out.println("  runbook.security.api-keys." + issued.name() + ".hash=" + issued.hash());
        out.println("  runbook.security.api-keys." + issued.name() + ".roles=" + roles);
        return 0;
    }
}
