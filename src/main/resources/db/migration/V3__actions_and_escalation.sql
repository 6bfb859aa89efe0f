-- Every action the service ran, would run (dry-run), refused or holds for approval. action_key is the idempotency
-- claim "<incident>/<action hash>": unique, so one action of one incident runs at most once on any replica. Rows that
-- do not claim it (refused by a guard, dry-run previews) leave it NULL, which a unique column allows many times.
CREATE TABLE action_run (
    id            VARCHAR(36) PRIMARY KEY,
    action_key    VARCHAR(128) UNIQUE,
    incident_id   VARCHAR(36) NOT NULL,
    decision_id   VARCHAR(36) NOT NULL,
    plan_index    INTEGER NOT NULL,
    action_type   VARCHAR(40) NOT NULL,
    target_kind   VARCHAR(40) NOT NULL,
    namespace     VARCHAR(63),
    target_name   VARCHAR(253),
    params        TEXT NOT NULL,
    risk          VARCHAR(8) NOT NULL,
    mode          VARCHAR(8) NOT NULL,
    status        VARCHAR(20) NOT NULL,
    guard         VARCHAR(40),
    held_by       VARCHAR(36),
    message       TEXT,
    before_state  TEXT,
    expected      TEXT,
    after_state   TEXT,
    attempts      TEXT,
    decided_by    VARCHAR(255),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE,
    finished_at   TIMESTAMP WITH TIME ZONE,
    expires_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX action_run_incident ON action_run (incident_id, created_at);
CREATE INDEX action_run_status ON action_run (status, started_at);
CREATE INDEX action_run_target ON action_run (namespace, target_name, started_at);

-- The escalation plan of an incident as timed steps. A replica claims due steps with FOR UPDATE SKIP LOCKED, so each
-- step fires once; acknowledgement cancels paging steps, resolution cancels all, an escalation replaces the plan.
CREATE TABLE escalation_step (
    id              VARCHAR(36) PRIMARY KEY,
    incident_id     VARCHAR(36) NOT NULL,
    decision_id     VARCHAR(36) NOT NULL,
    step_index      INTEGER NOT NULL,
    role_name       VARCHAR(40) NOT NULL,
    contact         VARCHAR(255),
    channel         VARCHAR(16) NOT NULL,
    fire_condition  VARCHAR(16) NOT NULL,
    repeat_minutes  INTEGER,
    due_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    status          VARCHAR(12) NOT NULL,
    fired_at        TIMESTAMP WITH TIME ZONE,
    outcome         TEXT
);
CREATE INDEX escalation_step_due ON escalation_step (status, due_at);
CREATE INDEX escalation_step_incident ON escalation_step (incident_id, due_at);
