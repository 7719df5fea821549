package nl.hartketen.domain.referral;

import java.util.Optional;
import nl.hartketen.domain.shared.DomainException;
import nl.hartketen.domain.shared.Identifier;

/** A referral with this business identifier exists already. */
public class DuplicateReferral extends DomainException {

    private final Identifier identifier;
    private final String existingReferralId;

    public DuplicateReferral(Identifier identifier, String existingReferralId) {
        super("identifier " + identifier + " is already used by ServiceRequest/" + existingReferralId);
        this.identifier = identifier;
        this.existingReferralId = existingReferralId;
    }

    /** Found by the database's unique constraint (a concurrent create): which referral holds it is not known here. */
    public DuplicateReferral(java.util.List<Identifier> identifiers) {
        super("one of the identifiers " + identifiers + " is already used by another referral");
        this.identifier = identifiers.get(0);
        this.existingReferralId = null;
    }

    public Identifier identifier() {
        return identifier;
    }

    /** Empty when the clash was found by the database (a concurrent create) rather than by looking first. */
    public Optional<String> existingReferralId() {
        return Optional.ofNullable(existingReferralId);
    }
}
