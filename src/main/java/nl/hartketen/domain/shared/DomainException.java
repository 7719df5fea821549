package nl.hartketen.domain.shared;

/** A request the domain refuses. Each subclass says which kind of refusal it is, so the interfaces can pick a status. */
public abstract class DomainException extends RuntimeException {

    protected DomainException(String message) {
        super(message);
    }
}
