-- The first visit ends a referral's wait for access (referral authored_on → first fulfilled Appointment's start).
ALTER TABLE referral ADD COLUMN first_visit_at TIMESTAMP;
-- The treatment ends a procedure request's wait (authored_on, the decision to treat → the Procedure performed).
ALTER TABLE referral ADD COLUMN treated_at TIMESTAMP;

-- Access times per performer: the referrals seen in a period, and those still waiting.
CREATE INDEX referral_performer_seen ON referral (performer_ref, first_visit_at);
CREATE INDEX referral_performer_authored ON referral (performer_ref, authored_on);

-- Where each patient is: one row per EpisodeOfCare (patient × care path), kept with the resource for the census.
CREATE TABLE care_episode (
    id                VARCHAR(64)   NOT NULL PRIMARY KEY,
    patient_ref       VARCHAR(160)  NOT NULL,
    care_path         VARCHAR(64),
    organization_ref  VARCHAR(160),
    status            VARCHAR(16)   NOT NULL,
    opened_at         TIMESTAMP,
    closed_at         TIMESTAMP,
    current_request   VARCHAR(64)
);
CREATE INDEX care_episode_organization ON care_episode (organization_ref, status, care_path);

-- The requests of each episode (the referral chain), so a referral's care path is known.
CREATE TABLE care_episode_request (
    episode_id  VARCHAR(64)  NOT NULL REFERENCES care_episode (id),
    request_id  VARCHAR(64)  NOT NULL,
    PRIMARY KEY (episode_id, request_id)
);
CREATE INDEX care_episode_request_request ON care_episode_request (request_id);
