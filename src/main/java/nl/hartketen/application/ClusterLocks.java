package nl.hartketen.application;

import java.util.Optional;

/**
 * Work that one node at a time may do, however many nodes run on the database: loading the shipped and demo data,
 * catching up read models, generating demo activity. A lock is held until it is closed or until its node dies, and
 * then another node waiting for it takes over.
 */
public interface ClusterLocks {

    /** Waits until no node holds the lock {@code name}, then holds it. */
    Held hold(String name);

    /** Holds the lock {@code name} if no node holds it now; empty if one does. */
    Optional<Held> tryHold(String name);

    /** A held lock; closing it lets the next node (or thread) have it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
