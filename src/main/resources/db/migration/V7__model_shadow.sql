-- Shadows: a stored version of a model (a draft, or a retired one) deciding beside the published one on live traffic
-- until ends_at, without acting. Held in the store, not in memory, so every replica runs every shadow (each polls
-- this small table) and the counts add up across replicas. A decision the shadow decides differently keeps its two
-- outcomes in model_shadow_difference: a preview, not a record of what was done, so never in the audit chain.
-- evaluated, differing and failed count over every period the version was shadowed; deleting the draft drops all.
CREATE TABLE model_shadow (
    model       VARCHAR(100) NOT NULL,
    version     INTEGER NOT NULL,
    started_by  VARCHAR(255) NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    ends_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    evaluated   BIGINT NOT NULL,
    differing   BIGINT NOT NULL,
    failed      BIGINT NOT NULL,
    PRIMARY KEY (model, version),
    CONSTRAINT model_shadow_version FOREIGN KEY (model, version) REFERENCES model_version (model, version) ON DELETE CASCADE
);
CREATE INDEX model_shadow_ends ON model_shadow (ends_at);

-- One decision the shadowed version decided differently: severity, incident type, actions and escalation before
-- (what was decided and done) and after (what the version would have decided; NULL when it would have rejected the
-- alert), as JSON. Only the newest few hundred of each shadow are kept; the counts above keep the totals.
CREATE TABLE model_shadow_difference (
    model           VARCHAR(100) NOT NULL,
    version         INTEGER NOT NULL,
    decision_id     VARCHAR(36) NOT NULL,
    decided_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    service         VARCHAR(253),
    before_outcome  TEXT NOT NULL,
    after_outcome   TEXT,
    PRIMARY KEY (model, version, decision_id),
    CONSTRAINT model_shadow_difference_shadow FOREIGN KEY (model, version) REFERENCES model_shadow (model, version) ON DELETE CASCADE
);
CREATE INDEX model_shadow_difference_newest ON model_shadow_difference (model, version, decided_at);
