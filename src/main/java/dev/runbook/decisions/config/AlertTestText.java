package dev.runbook.decisions.config;

import java.util.List;
import java.util.function.Function;

import dev.runbook.decisions.decide.Decision;
import dev.runbook.decisions.decide.Explanation;
import dev.runbook.decisions.domain.Action;
import dev.runbook.decisions.domain.ReceiptOutcome;
import dev.runbook.decisions.flow.AlertTest;

/** An alert test as a person reads it in a terminal or a CI log: one block per alert, then the counts. */
final class AlertTestText {

    private static final String NL = System.lineSeparator();

    private AlertTestText() {
    }

    static String of(AlertTest test) {
        StringBuilder text = new StringBuilder(test.sender() + " payload"
                + (test.receiver() == null ? "" : " for receiver " + test.receiver()) + ": " + test.alerts().size() + " alert(s)" + NL);
        for (int i = 0; i < test.alerts().size(); i++) {
            alert(text, i + 1, test.alerts().get(i));
        }
        text.append(NL);
        for (ReceiptOutcome outcome : ReceiptOutcome.values()) {
            long count = test.alerts().stream().filter(a -> a.outcome() == outcome).count();
            if (count > 0) {
                text.append(count).append(' ').append(outcome).append("  ");
            }
        }
        return text.toString().strip();
    }

    private static void alert(StringBuilder text, int number, AlertTest.Alert alert) {
        text.append(NL).append("alert ").append(number).append(": ").append(alert.alertname() == null ? "(no alertname)" : alert.alertname())
                .append(" [").append(alert.status()).append("] -> ").append(alert.outcome()).append(NL);
        switch (alert.outcome()) {
            case RESOLVED, ACKNOWLEDGED -> line(text, "would move", "the open incident of dedupKey " + alert.dedupKey() + ", if there is one");
            case REJECTED -> line(text, "rejected", alert.rejection());
            default -> decided(text, alert);
        }
        lines(text, "warnings", alert.warnings(), w -> w);
    }

    private static void decided(StringBuilder text, AlertTest.Alert alert) {
        line(text, "service", alert.service() + (alert.serviceLabel() == null ? "" : " (label " + alert.serviceLabel() + ")"));
        lines(text, "facts", alert.facts(), f -> f.name() + " = " + f.value() + (f.source() == null ? "" : "  (" + f.source() + ")"));
        lines(text, "routing", alert.routing(), AlertTestText::explained);
        Decision decision = alert.decision();
        line(text, "decision", decision.incidentType() + " " + decision.severity()
                + (decision.responseTimeMinutes() == null ? "" : ", respond within " + decision.responseTimeMinutes() + " min"));
        lines(text, "escalation", decision.escalation(), s -> s.role() + " " + s.contact() + " by " + s.channel()
                + " after " + s.afterMinutes() + " min (" + s.condition() + ")");
        lines(text, "actions", decision.actions(), AlertTestText::action);
        if (decision.postmortem() != null && decision.postmortem().required()) {
            line(text, "postmortem", "within " + decision.postmortem().withinHours() + " h");
        }
        lines(text, "because", decision.explanation(), AlertTestText::explained);
    }

    private static String action(Action action) {
        return action.type() + (action.target() == null ? "" : " " + action.target().kind() + " " + action.target())
                + (action.params().isEmpty() ? "" : " " + action.params()) + " [" + action.risk() + " risk, "
                + (action.automatable() ? "automatable" : "manual") + "]";
    }

    private static String explained(Explanation e) {
        String where = e.kind() == Explanation.Kind.DMN_ROW ? e.model() + " " + e.decision() + " row " + e.row() : e.model() + " \"" + e.rule() + "\"";
        return where + (e.annotation() == null ? "" : ": " + e.annotation());
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format("  %-11s %s", label, value)).append(NL);
    }

    private static <T> void lines(StringBuilder text, String label, List<T> items, Function<T, String> show) {
        for (int i = 0; items != null && i < items.size(); i++) {
            line(text, i == 0 ? label : "", show.apply(items.get(i)));
        }
    }
}
