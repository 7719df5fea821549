-- The worklists (docs/worklists.md). The organization that sent a request is a fact of the request now, kept from
-- ServiceRequestType's sender; requests stored before take it from who is recorded as its sender.
ALTER TABLE referral ADD COLUMN sender_ref VARCHAR(160);
UPDATE referral SET sender_ref = (SELECT MIN(p.organization_ref) FROM resource_party p
    WHERE p.resource_type = 'ServiceRequest' AND p.resource_id = referral.id AND p.relation = 'SENDER');

-- One row per open request whose Task is on someone's list, with whose turn it is: the performer's (accept or reject,
-- answer the consult, read the letter), the sender's (a rejection, a consult answered, asking information or advising a
-- referral), or in hand at the performer (the sender waits). ReferralService keeps it with every change of the request
-- (WorkItem.of) and deletes it when the request closes, so the table holds the open work only, never the history.
CREATE TABLE work_item (
    request_id       VARCHAR(64)   NOT NULL PRIMARY KEY,
    task_id          VARCHAR(64)   NOT NULL,
    category         VARCHAR(32)   NOT NULL,
    turn             VARCHAR(16)   NOT NULL,
    sender_ref       VARCHAR(160),
    performer_ref    VARCHAR(160)  NOT NULL,
    priority         VARCHAR(16)   NOT NULL,
    authored_on      TIMESTAMP     NOT NULL,
    subject_ref      VARCHAR(160)  NOT NULL,
    request_status   VARCHAR(32)   NOT NULL,
    task_status      VARCHAR(32)   NOT NULL,
    business_status  VARCHAR(64)
);
-- A request without a priority has '' here: a range on priority IS NULL is not read in index order by PostgreSQL.
-- A list is read as index ranges of one organization, turn (and category, priority), oldest sent first, each range
-- stopped after one page: 85,000 unaccepted referrals at one hospital are never sorted.
CREATE INDEX work_item_performer ON work_item (performer_ref, turn, category, priority, authored_on);
CREATE INDEX work_item_sender ON work_item (sender_ref, turn, authored_on);

-- The open requests stored so far, by the rules of WorkItem.of (a Task neither draft nor closed; rejected is the
-- sender's turn; a consult's turn follows its step; any other request is the performer's until accepted).
INSERT INTO work_item (request_id, task_id, category, turn, sender_ref, performer_ref, priority, authored_on, subject_ref,
        request_status, task_status, business_status)
SELECT r.id, t.id, r.category,
       CASE WHEN t.status = 'REJECTED' THEN 'SENDER'
            WHEN r.category = 'MEEKIJKCONSULT' THEN
                 CASE WHEN t.business_status IS NULL OR t.business_status = 'awaiting-answer' THEN 'PERFORMER'
                      WHEN t.business_status IN ('awaiting-gp-information', 'answered', 'advises-referral') THEN 'SENDER'
                      ELSE 'IN_HAND' END
            WHEN t.status IN ('REQUESTED', 'RECEIVED') THEN 'PERFORMER'
            ELSE 'IN_HAND' END,
       r.sender_ref, r.performer_ref, COALESCE(r.priority, ''), r.authored_on, r.subject_ref, r.status, t.status, t.business_status
  FROM referral r JOIN referral_task t ON t.referral_id = r.id
 WHERE r.status IN ('ACTIVE', 'ON_HOLD') AND r.performer_ref IS NOT NULL AND r.authored_on IS NOT NULL
   AND t.status NOT IN ('DRAFT', 'CANCELLED', 'FAILED', 'COMPLETED', 'ENTERED_IN_ERROR');
