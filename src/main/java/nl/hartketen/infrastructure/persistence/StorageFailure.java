package nl.hartketen.infrastructure.persistence;

/** The database failed us: not the client's fault, and reported as a server error without its details. */
public class StorageFailure extends RuntimeException {

    public StorageFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
