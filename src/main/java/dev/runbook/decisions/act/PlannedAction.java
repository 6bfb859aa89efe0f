package dev.runbook.decisions.act;

import java.util.Map;

/** One action of a decision's plan, as the decision gives it. */
public record PlannedAction(String type, String targetKind, String namespace, String name, Map<String, Object> params,
                            boolean automatable, String risk) {
}
