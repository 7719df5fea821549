-- The first answer to a meekijkconsult ends its response time (authored_on → first answer from the cardiologist).
ALTER TABLE referral ADD COLUMN first_answer_at TIMESTAMP;

-- Attachments (an ECG or holter PDF, images) travel inline in DocumentReference, Communication and DiagnosticReport:
-- up to 7 MiB per resource (AttachmentLimits), under 10 million characters in base64. ${large_text} is TEXT on PostgreSQL
-- (no change) and a 16,000,000-character VARCHAR on H2.
ALTER TABLE resource ALTER COLUMN content SET DATA TYPE ${large_text};
ALTER TABLE resource_version ALTER COLUMN content SET DATA TYPE ${large_text};
