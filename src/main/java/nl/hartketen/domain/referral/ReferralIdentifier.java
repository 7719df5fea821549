package nl.hartketen.domain.referral;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import nl.hartketen.domain.shared.Identifier;

/** How a referral's business identifier is kept; unique across all referrals (database constraint). */
@Embeddable
public class ReferralIdentifier {

    @Column(name = "id_system", nullable = false)
    private String system;

    @Column(name = "id_value", nullable = false)
    private String value;

    protected ReferralIdentifier() {
        // for JPA
    }

    ReferralIdentifier(Identifier identifier) {
        this.system = identifier.system();
        this.value = identifier.value();
    }

    Identifier toIdentifier() {
        return new Identifier(system, value);
    }
}
