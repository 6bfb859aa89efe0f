package dev.runbook.decisions.flow;

/**
 * A model edit that cannot be done as asked; nothing was changed. {@link Reason} is the problem type and status the
 * API answers, {@code field} the request field at fault ({@code $} for the request as a whole).
 */
public class ModelEditRefused extends RuntimeException {

    public enum Reason {
        UNKNOWN_MODEL(404, "unknown-model"),
        UNKNOWN_VERSION(404, "unknown-version"),
        WRONG_MODEL_NAME(400, "wrong-model-name"),
        MISSING_REASON(400, "missing-reason"),
        NOT_A_DRAFT(409, "not-a-draft"),
        NEVER_PUBLISHED(409, "never-published"),
        STALE_DRAFT(409, "stale-draft"),
        APPROVAL_REQUIRED(409, "approval-required"),
        ALREADY_PUBLISHED(409, "already-published"),
        OWN_APPROVAL(403, "own-approval"),
        INVALID_DRAFT(422, "invalid-draft"),
        SAMPLES_NOT_ACKNOWLEDGED(422, "samples-not-acknowledged");

        private final int status;
        private final String type;

        Reason(int status, String type) {
            this.status = status;
            this.type = type;
        }

        public int status() {
            return status;
        }

        public String type() {
            return type;
        }
    }

    private final Reason reason;
    private final String field;

    public ModelEditRefused(Reason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    public String field() {
        return field;
    }
}
