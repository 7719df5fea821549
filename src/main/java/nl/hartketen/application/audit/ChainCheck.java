package nl.hartketen.application.audit;

import java.time.Instant;

/**
 * The result of checking the audit chain.
 *
 * @param entries        how many sealed links were checked
 * @param problem        the first thing found wrong, or null when the chain is intact
 * @param headHash       the hash of the newest link: written down elsewhere, it proves later that nothing before it
 *                       changed
 * @param unsealed       how many entries are written but not sealed yet (the sequencer's tail)
 * @param oldestUnsealed when the oldest of those was recorded, or null when there are none
 */
public record ChainCheck(long entries, String problem, String headHash, long unsealed, Instant oldestUnsealed) {

    public boolean intact() {
        return problem == null;
    }
}
