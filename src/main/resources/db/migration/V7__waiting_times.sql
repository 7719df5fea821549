-- What the waiting-time reports need of a request (docs/waiting-times.md).
ALTER TABLE referral ADD COLUMN reported_at TIMESTAMP;
ALTER TABLE referral ADD COLUMN service_code VARCHAR(64);
ALTER TABLE referral ADD COLUMN priority VARCHAR(16);
-- A GP's referral starts a chain (a loop); the back-referral that comes back to the GP closes it.
ALTER TABLE referral ADD COLUMN starts_chain BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE referral ADD COLUMN loop_closed_at TIMESTAMP;

-- The read model of the reports: one row per request and measure (a GP's referral has two: access and loop), kept with every change of the request
-- (WaitRules), so that a report aggregates these rows and never loads a referral. Dates are Europe/Amsterdam dates.
CREATE TABLE waiting_time (
    request_id      VARCHAR(64)   NOT NULL,
    measure         VARCHAR(24)   NOT NULL,
    performer_ref   VARCHAR(160),
    service_code    VARCHAR(64),
    priority        VARCHAR(16),
    care_path       VARCHAR(64),
    inpatient       BOOLEAN       NOT NULL,
    state           VARCHAR(8)    NOT NULL,
    start_date      DATE          NOT NULL,
    end_date        DATE,
    paused_days     INTEGER       NOT NULL,
    paused_since    DATE,
    wait_days       INTEGER,
    within_target   BOOLEAN,
    within_maximum  BOOLEAN,
    PRIMARY KEY (request_id, measure)
);
-- The waits that ended in a period: every column the report reads or groups by is in the index, so that H2 (which
-- otherwise fetches each row: 4 s for a network's year among 1,000,000 waits) and PostgreSQL answer from the index.
CREATE INDEX waiting_time_ended ON waiting_time (measure, state, end_date, performer_ref, care_path, service_code, priority,
    wait_days, within_target, within_maximum);
-- Those waiting now, likewise.
CREATE INDEX waiting_time_waiting ON waiting_time (measure, state, performer_ref, care_path, service_code, priority,
    start_date, paused_days, paused_since);
