-- Whether the performer still owes a request its outcome (request active or on hold, Task without outcome), kept on the
-- referral row by the domain so that waiting lists and open loops are counted without reading every Task.
ALTER TABLE referral ADD COLUMN awaiting_outcome BOOLEAN DEFAULT FALSE NOT NULL;

UPDATE referral SET awaiting_outcome = TRUE
 WHERE status IN ('ACTIVE', 'ON_HOLD')
   AND EXISTS (SELECT 1 FROM referral_task t WHERE t.referral_id = referral.id
                AND t.status NOT IN ('REJECTED', 'CANCELLED', 'FAILED', 'COMPLETED', 'ENTERED_IN_ERROR'));

-- Covers both counts per performer: waiting now (not yet seen) and open loops (sent before a cut-off).
CREATE INDEX referral_awaiting_outcome ON referral (performer_ref, awaiting_outcome, category, first_visit_at, authored_on);
