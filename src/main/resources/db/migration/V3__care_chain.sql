-- The first visit ends a referral's wait for access (referral authored_on → first fulfilled Appointment's start).
ALTER TABLE referral ADD COLUMN first_visit_at TIMESTAMP;
-- The treatment ends a procedure request's wait (authored_on, the decision to treat → the Procedure performed).
ALTER TABLE referral ADD COLUMN treated_at TIMESTAMP;

-- Access times per performer: the referrals seen in a period, and those still waiting.
CREATE INDEX referral_performer_seen ON referral (performer_ref, first_visit_at);
CREATE INDEX referral_performer_authored ON referral (performer_ref, authored_on);
