package nl.hartketen.application.storage;

/** The client changed a version that is no longer the current one. */
public class VersionConflict extends RuntimeException {

    public VersionConflict(String reference, long expected, long current) {
        super(reference + " is at version " + current + ", not " + expected
                + ": read it again and reapply your change");
    }
}
