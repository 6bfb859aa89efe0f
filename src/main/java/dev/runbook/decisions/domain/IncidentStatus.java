package dev.runbook.decisions.domain;

/** Where an incident is in its life: a resolved incident is never reopened (a new alert opens a new one). */
public enum IncidentStatus {
    OPEN, ACKNOWLEDGED, RESOLVED
}
