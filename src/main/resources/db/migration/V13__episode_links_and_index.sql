-- An episode's referral list is its links here, no longer a list rewritten in the resource at every referral: each
-- link records the episode version that added it, so that a read of version n shows the links up to n. Links made
-- before this column have it NULL; their requests are in the stored resource itself.
ALTER TABLE care_episode_request ADD COLUMN episode_version BIGINT;

-- A ServiceRequest's or Task's patient search reads the subject's index entries now; its own copies go.
DELETE FROM search_index WHERE param = 'patient' AND resource_type IN ('ServiceRequest', 'Task');
