-- PostgreSQL only: the database itself refuses to change or remove audit entries, whatever the application does.
-- (Production should also grant the application's database user no UPDATE or DELETE on these tables; see docs/security.md.)
CREATE FUNCTION refuse_audit_chain_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$;

CREATE FUNCTION refuse_audit_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.resource_type = 'AuditEvent' THEN
        RAISE EXCEPTION 'the audit trail is append-only: % of an AuditEvent refused', TG_OP;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_chain_change();
CREATE TRIGGER resource_audit_append_only BEFORE UPDATE OR DELETE ON resource
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_event_change();
CREATE TRIGGER resource_version_audit_append_only BEFORE UPDATE OR DELETE ON resource_version
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_event_change();
CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE ON audit_chain_head
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_chain_change();
-- The search index of AuditEvents (what $access-log finds them by) is kept too.
CREATE TRIGGER search_index_audit_append_only BEFORE UPDATE OR DELETE ON search_index
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_event_change();
-- TRUNCATE passes row triggers by: refuse it outright on the tables that hold audit entries.
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_chain_change();
CREATE TRIGGER resource_no_truncate BEFORE TRUNCATE ON resource
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_chain_change();
CREATE TRIGGER resource_version_no_truncate BEFORE TRUNCATE ON resource_version
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_chain_change();
CREATE TRIGGER search_index_no_truncate BEFORE TRUNCATE ON search_index
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_chain_change();
