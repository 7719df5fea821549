-- A new referral joins the patient's active episode on its care path: found by patient, not by scanning episodes.
CREATE INDEX care_episode_patient ON care_episode (patient_ref, status, care_path);
