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
        String basedOn) {
    // service: the code of what is asked (ServiceRequest.code, e.g. cabg); priority: routine | urgent | asap | stat;
    // basedOn: the id of the earlier request this one follows from (an escalation's referral, a referral's consult), or
    // null

    public ReferralDetails {
        identifiers = List.copyOf(identifiers);
    }
}
