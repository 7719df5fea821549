-- Telemonitoring (thuismonitoring, docs/telemonitoring.md). Read models kept in the transaction that writes the FHIR
-- resources they follow: the enrolment (a ServiceRequest of category telemonitoring), each measurement (an
-- Observation), each alert (a Task for the monitoring team).

-- One row per enrolment: who monitors (the team's organization), which platform sends the measurements, for which
-- care path's thresholds, for how long, and how it ended.
CREATE TABLE monitoring_enrolment (
    id                     VARCHAR(64)   NOT NULL PRIMARY KEY,
    patient_ref            VARCHAR(160)  NOT NULL,
    based_on_ref           VARCHAR(160)  NOT NULL,
    team_organization      VARCHAR(160)  NOT NULL,
    platform_organization  VARCHAR(160)  NOT NULL,
    care_path              VARCHAR(64)   NOT NULL,
    period_start           TIMESTAMP     NOT NULL,
    period_end             TIMESTAMP     NOT NULL,
    active                 BOOLEAN       NOT NULL,
    ended_at               TIMESTAMP,
    end_reason             VARCHAR(32)
);
CREATE INDEX monitoring_enrolment_patient ON monitoring_enrolment (patient_ref, platform_organization, active);
CREATE INDEX monitoring_enrolment_active ON monitoring_enrolment (active, period_end);
-- A back-referral ends the monitoring based on the referral it closes: found without a scan.
CREATE INDEX monitoring_enrolment_based_on ON monitoring_enrolment (based_on_ref, active);

-- One row per measured value (a blood pressure is two: systolic and diastolic, of one Observation): the series the
-- thresholds are checked against, and the platform's identifier of the Observation, which makes a resent measurement
-- (or batch) find the one stored before instead of storing it twice.
CREATE TABLE monitoring_measurement (
    observation_id         VARCHAR(64)   NOT NULL,
    vital_sign             VARCHAR(32)   NOT NULL,
    enrolment_id           VARCHAR(64)   NOT NULL,
    platform_organization  VARCHAR(160)  NOT NULL,
    id_system              VARCHAR(255)  NOT NULL,
    id_value               VARCHAR(255)  NOT NULL,
    measured_value         DOUBLE PRECISION NOT NULL,
    measured_at            TIMESTAMP     NOT NULL,
    received_at            TIMESTAMP     NOT NULL,
    CONSTRAINT monitoring_measurement_key PRIMARY KEY (observation_id, vital_sign),
    CONSTRAINT monitoring_measurement_identifier UNIQUE (platform_organization, id_system, id_value, vital_sign)
);
-- The lowest value of a window (a rise is measured from it) is read from this index alone.
CREATE INDEX monitoring_measurement_series ON monitoring_measurement (enrolment_id, vital_sign, measured_at, measured_value);

-- One row per alert: the rule that fired, for which measurement, and the times the figures report: measured, raised
-- (the measurement arrived), acknowledged (the team took the Task) and closed.
CREATE TABLE monitoring_alert (
    task_id                VARCHAR(64)   NOT NULL PRIMARY KEY,
    enrolment_id           VARCHAR(64)   NOT NULL,
    patient_ref            VARCHAR(160)  NOT NULL,
    team_organization      VARCHAR(160)  NOT NULL,
    rule_code              VARCHAR(64)   NOT NULL,
    observation_id         VARCHAR(64)   NOT NULL,
    measured_at            TIMESTAMP     NOT NULL,
    raised_at              TIMESTAMP     NOT NULL,
    acknowledged_at        TIMESTAMP,
    closed_at              TIMESTAMP
);
CREATE INDEX monitoring_alert_open ON monitoring_alert (enrolment_id, rule_code, closed_at);
CREATE INDEX monitoring_alert_team ON monitoring_alert (team_organization, raised_at);
