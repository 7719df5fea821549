package nl.hartketen.workflow.transaction;

/**
 * An entry of a Bundle failed: of a transaction, which then fails as a whole, or of a batch, where it is that entry's
 * outcome. Carries where, so the error can say so.
 */
public class TransactionEntryFailure extends RuntimeException {

    private final int index;

    public TransactionEntryFailure(int index, RuntimeException cause) {
        super("Bundle.entry[" + index + "]: " + cause.getMessage(), cause);
        this.index = index;
    }

    /** The entry's location, e.g. "Bundle.entry[2].resource". */
    public String location() {
        return "Bundle.entry[" + index + "].resource";
    }
}
