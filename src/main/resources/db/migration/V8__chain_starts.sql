-- Which referrals start a chain (and so have a loop), as the domain now decides it (Referral.submit): a referral based on
-- no earlier request, or on the meekijkconsult it grew out of. Referrals stored before V7 all had FALSE, and those
-- converted from a consult were given FALSE too. The request a referral is based on is in its search index.
UPDATE referral SET starts_chain = TRUE
 WHERE category = 'REFERRAL' AND starts_chain = FALSE
   AND NOT EXISTS (SELECT 1 FROM search_index s JOIN referral earlier ON s.index_value = CONCAT('ServiceRequest/', earlier.id)
                    WHERE s.resource_type = 'ServiceRequest' AND s.resource_id = referral.id AND s.param = 'based-on'
                      AND earlier.category <> 'MEEKIJKCONSULT');

-- Their loops closed with the earliest back-referral based on them, as CareChain records it for new ones.
UPDATE referral SET loop_closed_at = (
        SELECT MIN(back.authored_on) FROM search_index s JOIN referral back ON back.id = s.resource_id
         WHERE s.resource_type = 'ServiceRequest' AND s.param = 'based-on' AND s.index_value = CONCAT('ServiceRequest/', referral.id)
           AND back.category = 'BACK_REFERRAL')
 WHERE starts_chain AND loop_closed_at IS NULL;

-- Their waits are computed again at the next start (FhirStartup keeps the waits of requests that have none), now with the loop.
DELETE FROM waiting_time
 WHERE request_id IN (SELECT r.id FROM referral r WHERE r.starts_chain
                         AND NOT EXISTS (SELECT 1 FROM waiting_time l WHERE l.request_id = r.id AND l.measure = 'LOOP'));
