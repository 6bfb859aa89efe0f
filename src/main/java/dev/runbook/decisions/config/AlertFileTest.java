package dev.runbook.decisions.config;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.runbook.decisions.flow.AlertTest;
import dev.runbook.decisions.flow.TestAlertDelivery;
import dev.runbook.decisions.ingest.AlertSender;
import dev.runbook.decisions.ingest.FieldError;
import dev.runbook.decisions.ingest.InvalidInputException;

/**
 * {@code test-alert FILE [--sender S] [--json]}: what the service would decide for each alert of a sender's payload,
 * as {@code POST /api/v1/alerts/{sender}/test} answers, without the service: the models are compiled from the jar,
 * and neither the HTTP server nor the store is started, so it runs anywhere, a CI job included. Exit 0 when every
 * alert decides (or resolves, or acknowledges), 1 when an alert or the whole payload is rejected, 2 on a usage error.
 */
final class AlertFileTest {

    private static final String USAGE = "usage: java -jar quarkus-run.jar test-alert FILE [--sender alertmanager|grafana|pagerduty] [--json]";
    /** Serialises like the service's REST layer: ISO-8601 instants. */
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT).build();

    private AlertFileTest() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Path file = null;
        AlertSender sender = null;
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if ("--json".equals(arg)) {
                json = true;
            } else if ("--sender".equals(arg) && i + 1 < args.size()) {
                Optional<AlertSender> named = AlertSender.named(args.get(++i));
                if (named.isEmpty()) {
                    return usage(err, "unknown sender '" + args.get(i) + "'");
                }
                sender = named.get();
            } else if (arg.startsWith("-") || file != null) {
                return usage(err, "unexpected argument '" + arg + "'");
            } else {
                file = Path.of(arg);
            }
        }
        if (file == null) {
            return usage(err, "FILE is missing");
        }
        byte[] body;
        try {
            body = Files.readAllBytes(file);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return RunbookMain.USAGE;
        }
        AlertSender from = sender != null ? sender : AlertSender.detect(body);
        try {
            AlertTest answer = TestAlertDelivery.standalone().test(from, body);
            out.println(json ? json(answer) : AlertTestText.of(answer));
            return answer.anyRejected() ? 1 : 0;
        } catch (InvalidInputException e) {
            out.println(json ? json(new Refused(from.path(), e.getMessage(), e.errors())) : refusal(from, e));
            return 1;
        }
    }

    private static String json(Object answer) {
        try {
            return JSON.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String refusal(AlertSender sender, InvalidInputException e) {
        StringBuilder text = new StringBuilder("REJECTED: " + e.getMessage() + " (the " + sender.path()
                + " webhook would answer 400)");
        e.errors().forEach(f -> text.append(System.lineSeparator()).append("  ").append(f.field()).append(' ').append(f.message()));
        return text.toString();
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.println(USAGE);
        return RunbookMain.USAGE;
    }

    /** A payload the webhook would refuse with 400: the same fields as its problem+json. */
    record Refused(String sender, String detail, List<FieldError> errors) {
    }
}
