-- One receipt per alert event (or CloudEvent) already handled: a redelivery finds it and is answered the same way
-- without deciding or recording anything again. Written in the transaction of the record it points to.
CREATE TABLE event_receipt (
    event_key   VARCHAR(64) PRIMARY KEY,
    record_id   VARCHAR(36) NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome     TEXT NOT NULL
);
