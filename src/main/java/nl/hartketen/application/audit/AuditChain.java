package nl.hartketen.application.audit;

/** The hash chain over the audit trail: appended to with every entry, checked on demand. */
public interface AuditChain {

    /** Links a new audit entry (its id and stored content) to the end of the chain, in the caller's transaction. */
    void link(String auditEventId, String content);

    /** Walks the whole chain and recomputes every hash. */
    ChainCheck verify();
}
