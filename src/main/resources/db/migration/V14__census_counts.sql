-- The census and $suggest-performer read these instead of counting referrals (docs/care-chain.md, "How the census is
-- counted"). ReferralService keeps them with every change of a request, on the transaction of the change.

-- The step of the request that brought each patient where they are (its Task's business status, else its status), so
-- that "patients now" is one grouped scan of this index, with no join.
ALTER TABLE care_episode ADD COLUMN current_step VARCHAR(64);
CREATE INDEX care_episode_current_request ON care_episode (current_request);
CREATE INDEX care_episode_census ON care_episode (status, organization_ref, care_path, current_step);

-- What each request counts in now: waiting for a first visit; an open loop or an unanswered consult since the (UTC)
-- day it was sent; seen on a (UTC) day after a wait of seen_days. A change of the request compares this row with its
-- new state and writes the difference to census_tally.
CREATE TABLE census_entry (
    request_id     VARCHAR(64)   NOT NULL PRIMARY KEY,
    performer_ref  VARCHAR(160),
    step           VARCHAR(64),
    waiting        BOOLEAN       NOT NULL,
    open_day       DATE,
    consult_day    DATE,
    seen_day       DATE,
    seen_days      INTEGER
);

-- The counts as rows of +1 and -1 that are only ever inserted, so that no two writers wait on one counter row; a read
-- sums them. CensusFolding sums the rows older than any transaction into one row per count every 30 s, so a read sums
-- a few rows per day and performer plus the changes of the last minutes.
CREATE TABLE census_tally (
    performer_ref  VARCHAR(160)  NOT NULL,
    kind           VARCHAR(8)    NOT NULL,
    count_day      DATE,
    wait_days      INTEGER,
    delta          INTEGER       NOT NULL,
    written_at     TIMESTAMP     NOT NULL
);
CREATE INDEX census_tally_read ON census_tally (kind, performer_ref, count_day, wait_days, delta);
CREATE INDEX census_tally_written ON census_tally (written_at);

-- One fold at a time: a fold locks this row.
CREATE TABLE census_fold (id INTEGER NOT NULL PRIMARY KEY);
INSERT INTO census_fold (id) VALUES (1);

-- The oldest open loops of a performer come first in this index, and the day on which the cut-off falls is counted in it.
CREATE INDEX referral_open_oldest ON referral (performer_ref, awaiting_outcome, category, authored_on);

-- Requests stored before this migration have no census_entry: they are counted at the next start (FhirStartup).
