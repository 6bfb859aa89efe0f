package dev.runbook.decisions.decide;

import java.util.List;

/** What one run of the remediation rules produced: the proposed actions and the rules that fired, in firing order. */
public record RuleOutcome(List<ProposedAction> actions, List<Explanation> firedRules) {
}
