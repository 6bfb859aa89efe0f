package dev.runbook.decisions.domain;

/** What handling one alert event did, as its sender is told. */
public enum ReceiptOutcome {
    DECIDED, ACKNOWLEDGED, RESOLVED, NO_OPEN_INCIDENT, REJECTED
}
