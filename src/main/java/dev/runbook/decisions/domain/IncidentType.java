package dev.runbook.decisions.domain;

/** The runbook's incident sections, and UNCLASSIFIED for facts none of them describes. */
public enum IncidentType {
    MODEL_PERFORMANCE_DEGRADATION, HIGH_ERROR_RATE, HIGH_LATENCY, DATA_DRIFT, MLFLOW_DOWN, OUT_OF_MEMORY, UNCLASSIFIED
}
