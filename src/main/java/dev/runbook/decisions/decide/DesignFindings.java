package dev.runbook.decisions.decide;

import java.util.Optional;

import org.kie.dmn.api.core.DMNMessage;
import org.kie.dmn.api.core.DMNMessageType;
import org.kie.dmn.model.api.DecisionTable;
import org.kie.dmn.model.api.HitPolicy;

/**
 * Decision-table analysis findings that describe how the runbook's tables are built on purpose, not a mistake in
 * them: validation reports them as INFO with the reason, so a WARN or an ERROR is left for what an edit got wrong.
 * Each case is named by kie's message type and the hit policy it concerns, never by model or row, so an edit that
 * really introduces a problem is still reported: a gap, an overlap in a UNIQUE or ANY table or a masked row as an
 * ERROR, a subsumed row as a WARN ({@link DmnValidation}).
 */
final class DesignFindings {

    private DesignFindings() {
    }

    /** Why {@code m} is by design, or empty when it is a finding to warn about. */
    static Optional<String> reason(DMNMessage m) {
        HitPolicy policy = m.getSourceReference() instanceof DecisionTable table ? table.getHitPolicy() : null;
        DMNMessageType type = m.getMessageType();
        String text = m.getText();
        if (type == DMNMessageType.DECISION_TABLE_1STNFVIOLATION && (policy == HitPolicy.COLLECT || policy == HitPolicy.RULE_ORDER)
                && text.contains("are duplicates")) {
            return Optional.of("a " + policy + " table lists every row that matches, so rows with the same inputs each add an entry");
        }
        if ((type == DMNMessageType.DECISION_TABLE_1STNFVIOLATION || type == DMNMessageType.DECISION_TABLE_HITPOLICY_RECOMMENDER)
                && policy == HitPolicy.FIRST) {
            return Optional.of("the runbook's tables read top-down and the first row that applies decides, as the runbook lists them");
        }
        if (type == DMNMessageType.DECISION_TABLE_1STNFVIOLATION && policy == HitPolicy.RULE_ORDER && text.contains("hit policy Rule Order")) {
            return Optional.of("the rows' order is the order of the list Java reads");
        }
        if (type == DMNMessageType.DECISION_TABLE_GAP && text.contains("Gap analysis skipped")) {
            return Optional.of("the analyser cannot enumerate string inputs: this reports its limit, not a gap");
        }
        if (type == DMNMessageType.DECISION_TABLE_ANALYSIS_ERROR && text.contains("Skipped Decision Table Analysis")
                && text.contains("containing symbol reference")) {
            return Optional.of("the analyser cannot compare a cell with a value known only when the table is evaluated (a parameter, or a"
                    + " threshold read from another model; a decision of the same model that reads no input is read as its value):"
                    + " this reports its limit");
        }
        return Optional.empty();
    }
}
