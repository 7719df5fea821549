package nl.hartketen.domain.shared;

/** The request conflicts with the current state of a referral or task (e.g. an illegal status move). */
public class StateConflict extends DomainException {

    public StateConflict(String message) {
        super(message);
    }
}
