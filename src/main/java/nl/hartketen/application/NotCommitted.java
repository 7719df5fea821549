package nl.hartketen.application;

/**
 * A transaction ended without a commit although the work in it succeeded: the transaction timeout rolled it back, or
 * the database refused the commit. Nothing of it was stored, so nothing of it may be acknowledged.
 */
public class NotCommitted extends RuntimeException {

    public NotCommitted(String message) {
        super(message);
    }
}
