-- The ended waits counted per month in which they ended, group and wait in days: a histogram the report reads for the
-- whole months of its period, instead of every wait (docs/waiting-times.md, "How the report is read"). JdbcWaitStore
-- moves a wait's count from one bucket to another in the transaction that changes the wait. A missing performer,
-- care path, service or priority is '' here, because key columns cannot be null.
CREATE TABLE waiting_time_month (
    measure         VARCHAR(24)   NOT NULL,
    performer_ref   VARCHAR(160)  NOT NULL,
    end_month       DATE          NOT NULL,
    care_path       VARCHAR(64)   NOT NULL,
    service_code    VARCHAR(64)   NOT NULL,
    priority        VARCHAR(16)   NOT NULL,
    wait_days       INTEGER       NOT NULL,
    waits           INTEGER       NOT NULL,
    within_target   INTEGER       NOT NULL,
    within_maximum  INTEGER       NOT NULL,
    PRIMARY KEY (measure, performer_ref, end_month, care_path, service_code, priority, wait_days)
);
-- The counts in the index too, so that H2 answers from the index alone, as for waiting_time (V7).
CREATE INDEX waiting_time_month_read ON waiting_time_month (measure, performer_ref, end_month, care_path, service_code, priority,
    wait_days, waits, within_target, within_maximum);

INSERT INTO waiting_time_month (measure, performer_ref, end_month, care_path, service_code, priority, wait_days, waits,
        within_target, within_maximum)
SELECT measure, COALESCE(performer_ref, ''), CAST(DATE_TRUNC('MONTH', end_date) AS DATE), COALESCE(care_path, ''),
       COALESCE(service_code, ''), COALESCE(priority, ''), wait_days, COUNT(*),
       SUM(CASE WHEN within_target THEN 1 ELSE 0 END), SUM(CASE WHEN within_maximum THEN 1 ELSE 0 END)
  FROM waiting_time
 WHERE state = 'ENDED'
 GROUP BY measure, COALESCE(performer_ref, ''), CAST(DATE_TRUNC('MONTH', end_date) AS DATE), COALESCE(care_path, ''),
          COALESCE(service_code, ''), COALESCE(priority, ''), wait_days;
