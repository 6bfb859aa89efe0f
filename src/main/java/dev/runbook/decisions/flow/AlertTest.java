package dev.runbook.decisions.flow;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.runbook.decisions.decide.Decision;
import dev.runbook.decisions.decide.Explanation;
import dev.runbook.decisions.domain.ReceiptOutcome;
import dev.runbook.decisions.ingest.AlertEvent;

/**
 * What a delivery would do, alert by alert, had it been sent to the sender's webhook; nothing of it is recorded.
 * {@code receiver} and {@code groupKey} are the Alertmanager notification's, if any.
 */
public record AlertTest(String sender, String receiver, String groupKey, List<Alert> alerts) {

    /** True when any alert would be rejected: the command line then exits 1. */
    @JsonIgnore
    public boolean anyRejected() {
        return alerts.stream().anyMatch(a -> a.outcome() == ReceiptOutcome.REJECTED);
    }

    /**
     * One alert: its {@code status} at the sender and the {@code outcome} the webhook would answer (DECIDED or REJECTED
     * for a firing alert; RESOLVED or ACKNOWLEDGED, of the open incident of {@code dedupKey} if there is one, for the
     * others). A firing alert that makes an incident has its service, the label it came from, its facts with their
     * sources, the alert-routing rows that matched and the {@code decision}; one that does not, its {@code rejection}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Alert(AlertEvent.Action status, ReceiptOutcome outcome, String alertname, String dedupKey,
                        String service, String serviceLabel, List<Fact> facts, List<Explanation> routing,
                        List<String> warnings, Decision decision, String rejection) {
    }

    /** A fact as the runbook reads it (normalised) and where it came from; {@code source} null when not known. */
    public record Fact(String name, Object value, String source) {
    }
}
