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
-- Every column the figures read or group by is in the index: H2 and PostgreSQL answer from the index alone.
CREATE INDEX care_activity_count ON care_activity (organization_ref, activity_day, kind, code, referred);

-- Meekijkconsulten and telediagnostics received by a hospital in a period, from the index alone.
CREATE INDEX referral_received ON referral (performer_ref, category, authored_on, status);

-- Telemonitoring enrolments started by a hospital's team in a period (the alerts have monitoring_alert_team).
CREATE INDEX monitoring_enrolment_started ON monitoring_enrolment (team_organization, period_start);
