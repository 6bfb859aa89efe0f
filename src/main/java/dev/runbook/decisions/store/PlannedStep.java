package dev.runbook.decisions.store;

/** One step of a decision's escalation plan, to be scheduled on its incident: who, how, when, under which condition. */
public record PlannedStep(String role, String contact, String channel, int afterMinutes, String condition,
                          Integer repeatEveryMinutes) {
}
