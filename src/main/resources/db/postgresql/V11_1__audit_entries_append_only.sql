-- PostgreSQL only. The AuditEvents moved to audit_entry (V11) leave the generic resource tables, whose audit triggers
-- (V2_1) go with them: those tables hold no audit entries any more.
DROP TRIGGER resource_audit_append_only ON resource;
DROP TRIGGER resource_version_audit_append_only ON resource_version;
DROP TRIGGER search_index_audit_append_only ON search_index;
DROP TRIGGER resource_no_truncate ON resource;
DROP TRIGGER resource_version_no_truncate ON resource_version;
DROP TRIGGER search_index_no_truncate ON search_index;
DROP FUNCTION refuse_audit_event_change();

DELETE FROM search_index WHERE resource_type = 'AuditEvent';
DELETE FROM resource_version WHERE resource_type = 'AuditEvent';
DELETE FROM resource WHERE resource_type = 'AuditEvent';

-- The entries and what they are found by are never changed or removed, whatever the application does. (The queue
-- of unsealed entries is not guarded: the sequencer removes what it seals, and $verify-chain reports an entry that is
-- neither sealed nor queued.)
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_chain_change();
CREATE TRIGGER audit_entry_entity_append_only BEFORE UPDATE OR DELETE ON audit_entry_entity
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_chain_change();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_chain_change();
CREATE TRIGGER audit_entry_entity_no_truncate BEFORE TRUNCATE ON audit_entry_entity
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_chain_change();
