package nl.hartketen.application.audit;

/**
 * The hash chain over the audit trail: entries are written unsealed, and one sequencer at a time seals them, in
 * batches, in the order it assigns; checked on demand.
 */
public interface AuditChain {

    /**
     * Links up to {@code max} queued entries, in queue order, to the end of the chain, in the caller's transaction:
     * the whole batch is sealed when it commits, nothing of it when it does not. Does not wait: when another
     * sequencer (another node) is sealing, it seals nothing.
     *
     * @return how many entries were sealed
     */
    int seal(int max);

    /** Walks the sealed chain, recomputes every hash, and reports the entries not sealed yet. */
    ChainCheck verify();
}
