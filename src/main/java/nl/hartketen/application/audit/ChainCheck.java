package nl.hartketen.application.audit;

/**
 * The result of checking the audit chain.
 *
 * @param entries  how many links were checked
 * @param problem  the first thing found wrong, or null when the chain is intact
 * @param headHash the hash of the newest link: written down elsewhere, it proves later that nothing before it changed
 */
public record ChainCheck(long entries, String problem, String headHash) {

    public boolean intact() {
        return problem == null;
    }
}
