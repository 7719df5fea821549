-- The activity figures (docs/figures.md): one row per counted act of care, kept in the transaction of the write it
-- follows (ADR 0007), so that a hospital's year is one range of an index, never a scan of stored resources.
-- source_ref: the resource counted ("Appointment/a1" for a contact, "ServiceRequest/p1" for a performed procedure or
-- diagnostic request); kind: CONTACT, PROCEDURE or DIAGNOSTIC; code: the contact kind or the service; referred: a
-- procedure on a patient referred on by another hospital. activity_day is a Europe/Amsterdam date.
CREATE TABLE care_activity (
    source_ref        VARCHAR(160)  NOT NULL PRIMARY KEY,
    organization_ref  VARCHAR(160)  NOT NULL,
    activity_day      DATE          NOT NULL,
    kind              VARCHAR(16)   NOT NULL,
    code              VARCHAR(64)   NOT NULL,
    referred          BOOLEAN       NOT NULL
);

-- The acts counted per hospital, day, kind, code and referred: what the figures read, so that a hospital's two years
-- are at most 731 days of a few codes, however many acts (a scan of care_activity grouped by day took 1.2-1.4 s for a
-- hospital's 107,000 acts on H2). Kept with care_activity: a change moves its act from one bucket to another.
CREATE TABLE care_activity_day (
    organization_ref  VARCHAR(160)  NOT NULL,
    activity_day      DATE          NOT NULL,
    kind              VARCHAR(16)   NOT NULL,
    code              VARCHAR(64)   NOT NULL,
    referred          BOOLEAN       NOT NULL,
    acts              INTEGER       NOT NULL,
    PRIMARY KEY (organization_ref, activity_day, kind, code, referred)
);
-- The count in the index too, so that H2 answers from the index alone.
CREATE INDEX care_activity_day_read ON care_activity_day (organization_ref, activity_day, kind, code, referred, acts);

-- Meekijkconsulten and telediagnostics received by a hospital in a period, from the index alone.
CREATE INDEX referral_received ON referral (performer_ref, category, authored_on, status);

-- Telemonitoring enrolments started by a hospital's team in a period (the alerts have monitoring_alert_team).
CREATE INDEX monitoring_enrolment_started ON monitoring_enrolment (team_organization, period_start);
