package nl.hartketen.domain.shared;

/** The input breaks a business rule (e.g. a rejection without a reason, a BSN that fails the 11-proef). */
public class RuleViolation extends DomainException {

    private final String location;

    public RuleViolation(String location, String message) {
        super(message);
        this.location = location;
    }

    /** Where in the input the problem is, as a FHIRPath-like location (e.g. "Task.statusReason"). */
    public String location() {
        return location;
    }
}
