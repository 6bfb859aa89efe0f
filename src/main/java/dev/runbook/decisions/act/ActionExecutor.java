package dev.runbook.decisions.act;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.runbook.decisions.domain.ActionType;

/** Carries out one family of actions. One implementation per family: Kubernetes, notifications. */
public interface ActionExecutor {

    boolean handles(ActionType type);

    /**
     * Reads the target before anything runs: that it exists, its labels (for the selector guard), its state now, and
     * the state the action should leave. Throws {@link ActionFailedException} when the action cannot run at all.
     */
    Inspection inspect(ActionRequest request);

    /** Runs the action, or with {@code dryRun} only asks the server what it would do. Never throws for API errors. */
    Outcome run(ActionRequest request, boolean dryRun);

    /** The target's state now, to reconcile an interrupted action; null when it cannot be read back (a sent message). */
    Map<String, Object> observe(ActionRequest request);

    record Inspection(Map<String, String> labels, Map<String, Object> before, Map<String, Object> expected) {
    }

    /** {@code after}: the state observed after the action (or the dry run's answer, or the payload a dry run would send). */
    record Outcome(boolean succeeded, String message, Map<String, Object> after, List<Attempt> attempts) {

        /** Nothing was done (or sent) at all. */
        public static Outcome failed(String message) {
            return new Outcome(false, message, null, List.of());
        }

        /** {@code {message, attempts}}: how a delivery went, as the audit log keeps it. */
        public ObjectNode recorded(ObjectMapper json) {
            ObjectNode recorded = json.createObjectNode().put("message", message);
            recorded.set("attempts", json.valueToTree(attempts));
            return recorded;
        }
    }

    /** One delivery attempt of a notification: when, the HTTP status (0: no answer), how long it took, what went wrong. */
    record Attempt(int number, String at, int status, long millis, String error) {
    }
}
