package nl.hartketen.domain.chain;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import nl.hartketen.domain.shared.RuleViolation;

/** The rules of the chain for a request that hands a patient over: the right service, at the right level. */
public final class ChainRules {

    private ChainRules() {}

    /**
     * Checks a referral to {@code performer} for {@code service}.
     *
     * @param fromGeneralPractice the GP refers directly (not a hospital referring on)
     * @return warnings: the referral may go, but someone should look again
     * @throws RuleViolation when the performer does not offer the service
     */
    public static List<String> checkReferral(
            Network network, NetworkMember performer, CareService service, boolean fromGeneralPractice) {
        if (!performer.offers(service)) {
            List<NetworkMember> offering = network.offering(service);
            throw new RuleViolation(
                    "ServiceRequest.performer",
                    performer.displayName() + " does not offer " + service.label()
                            + " in " + network.displayName()
                            + (offering.isEmpty() ? "; no member does" : "; it is offered by " + names(offering)));
        }
        if (fromGeneralPractice && performer.role() == CareLevel.HEART_CENTRE && !service.isHeartCentreOnly()) {
            List<NetworkMember> regional = network.offering(service).stream()
                    .filter(member -> member.role() == CareLevel.REGIONAL_HOSPITAL)
                    .toList();
            if (!regional.isEmpty()) {
                return List.of("UMC only when needed: " + service.label() + " is offered by regional members of "
                        + network.displayName() + " (" + names(regional) + "); " + performer.displayName()
                        + " is a heart centre, for care that needs one");
            }
        }
        return List.of();
    }

    /**
     * Acting on a referral by a new request (referring the patient on, e.g. escalation from the regional hospital to
     * the heart centre, or deciding to treat): only the organization the referral was sent to may do it.
     *
     * @param earlier the referral the new request is based on ("ServiceRequest/id"), received by {@code earlierPerformers}
     * @param action  what the new request does, for the message ("refers that patient on")
     */
    public static void checkActingOn(String earlier, Set<String> earlierPerformers, String sender, String action) {
        if (!earlierPerformers.contains(sender)) {
            throw new RuleViolation(
                    "ServiceRequest.basedOn",
                    "only the organization " + earlier + " was sent to (" + String.join(", ", earlierPerformers) + ") "
                            + action);
        }
    }

    /**
     * A back-referral (terugverwijzing) closes a referral: it is sent by the organization that referral went to,
     * back to the organization that sent it, with a letter.
     */
    public static void checkBackReferral(
            String closed,
            Set<String> closedPerformers,
            Set<String> closedSenders,
            String sender,
            String performer,
            boolean hasLetter) {
        if (!closedPerformers.contains(sender)) {
            throw new RuleViolation(
                    "ServiceRequest.basedOn",
                    "only the organization " + closed + " was sent to (" + String.join(", ", closedPerformers)
                            + ") refers that patient back");
        }
        if (!closedSenders.contains(performer)) {
            throw new RuleViolation(
                    "ServiceRequest.performer",
                    "a back-referral goes to the organization that referred (" + String.join(", ", closedSenders)
                            + "), not to " + performer);
        }
        if (!hasLetter) {
            throw new RuleViolation(
                    "ServiceRequest.supportingInfo",
                    "a back-referral carries its letter: reference the" + " DocumentReference in supportingInfo");
        }
    }

    private static String names(List<NetworkMember> members) {
        return members.stream().map(NetworkMember::displayName).collect(Collectors.joining(", "));
    }
}
