-- The AuditEvents moved to audit_entry (V11) leave the generic resource tables. (PostgreSQL does the same in its own
-- V11_1, after dropping the triggers that kept them there.)
DELETE FROM search_index WHERE resource_type = 'AuditEvent';
DELETE FROM resource_version WHERE resource_type = 'AuditEvent';
DELETE FROM resource WHERE resource_type = 'AuditEvent';
