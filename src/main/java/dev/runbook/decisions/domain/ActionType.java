package dev.runbook.decisions.domain;

/**
 * Every kind of action a plan can hold: the remediation steps the rules propose and the communication steps of
 * dmn/communication.dmn. Which of them a machine may carry out is the catalogue's call (dmn/action-catalogue.dmn);
 * which executor carries them out is the executors'.
 */
public enum ActionType {
    SCALE, AUTOSCALE, SET_RESOURCES, SET_ENV, ROLLBACK_MODEL, ROLLOUT_UNDO, RESTART,
    NOTIFY, CREATE_TICKET, UPDATE_STATUS_PAGE, EMAIL_CUSTOMERS, SCHEDULE_POSTMORTEM,
    INVESTIGATE, MONITOR, RUN_DATA_VALIDATION, DEMOTE_MODEL, RETRAIN_MODEL, UPDATE_DRIFT_BASELINE, USE_CACHED_MODEL,
    DISASTER_RECOVERY
}
