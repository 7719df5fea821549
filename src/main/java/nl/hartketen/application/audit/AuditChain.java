package nl.hartketen.application.audit;

import java.util.List;

/** The hash chain over the audit trail: appended to with every entry, checked on demand. */
public interface AuditChain {

    /** An audit entry as stored: its AuditEvent id and content. */
    record Entry(String auditEventId, String content) {}

    /**
     * Links new audit entries, in this order, to the end of the chain in the caller's transaction. All of a unit of
     * work's entries are linked in one call: the head is read and moved once, not once per entry.
     */
    void link(List<Entry> entries);

    /** Walks the whole chain and recomputes every hash. */
    ChainCheck verify();
}
