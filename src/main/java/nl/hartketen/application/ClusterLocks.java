package nl.hartketen.application;

/**
 * Work that one node at a time may do, however many nodes run on the database: loading the shipped and demo data,
 * catching up read models, generating demo activity. A lock is held until it is closed or until its node dies, and
 * then another node waiting for it takes over.
 */
public interface ClusterLocks {

    /** Waits until no node holds the lock {@code name}, then holds it. */
    Held hold(String name);

    /** A held lock; closing it (once or more) lets the next node (or thread) have it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
