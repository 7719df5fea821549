package nl.hartketen.domain.referral;

import java.time.Instant;
import java.util.List;
import nl.hartketen.domain.shared.Identifier;

/**
 * What the sender says about a request, as far as the workflow needs it. References are relative
 * ("Patient/123", "Organization/umcg"); the full clinical content travels beside it untouched.
 */
public record ReferralDetails(
        List<Identifier> identifiers,
        RequestCategory category,
        RequestStatus status,
        String subject,
        String requester,
        String performer,
        Instant authoredOn,
        String service,
        String priority,
        String basedOn,
        String sender) {
    // service: the code of what is asked (ServiceRequest.code, e.g. cabg); priority: routine | urgent | asap | stat;
    // basedOn: the id of the earlier request this one follows from (an escalation's referral, a referral's consult), or
    // null; sender: the organization that sends it ("Organization/id"), which the requester alone does not always say
    // (a practitioner working for several), or null when not known

    public ReferralDetails {
        identifiers = List.copyOf(identifiers);
    }

    /** Details whose sender is not known here: a revision (the sender never changes), or a test. */
    public ReferralDetails(
            List<Identifier> identifiers,
            RequestCategory category,
            RequestStatus status,
            String subject,
            String requester,
            String performer,
            Instant authoredOn,
            String service,
            String priority,
            String basedOn) {
        this(
                identifiers,
                category,
                status,
                subject,
                requester,
                performer,
                authoredOn,
                service,
                priority,
                basedOn,
                null);
    }

    /** The same details, sent by {@code organization}. */
    public ReferralDetails sentBy(String organization) {
        return new ReferralDetails(
                identifiers,
                category,
                status,
                subject,
                requester,
                performer,
                authoredOn,
                service,
                priority,
                basedOn,
                organization);
    }
}
