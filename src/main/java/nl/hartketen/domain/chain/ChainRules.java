package nl.hartketen.domain.chain;

import java.util.List;
import java.util.stream.Collectors;

import nl.hartketen.domain.shared.RuleViolation;

/** The rules of the chain for a request that hands a patient over: the right service, at the right level. */
public final class ChainRules {

    private ChainRules() {
    }

    /**
     * Checks a referral to {@code performer} for {@code service}.
     *
     * @param fromGeneralPractice the GP refers directly (not a hospital referring on)
     * @return warnings: the referral may go, but someone should look again
     * @throws RuleViolation when the performer does not offer the service
     */
    public static List<String> checkReferral(Network network, NetworkMember performer, CareService service, boolean fromGeneralPractice) {
        if (!performer.offers(service)) {
            List<NetworkMember> offering = network.offering(service);
            throw new RuleViolation("ServiceRequest.performer", performer.displayName() + " does not offer " + service.label()
                    + " in " + network.displayName() + (offering.isEmpty() ? "; no member does"
                    : "; it is offered by " + names(offering)));
        }
        if (fromGeneralPractice && performer.role() == CareLevel.HEART_CENTRE && !service.isHeartCentreOnly()) {
            List<NetworkMember> regional = network.offering(service).stream()
                    .filter(member -> member.role() == CareLevel.REGIONAL_HOSPITAL).toList();
            if (!regional.isEmpty()) {
                return List.of("UMC only when needed: " + service.label() + " is offered by regional members of "
                        + network.displayName() + " (" + names(regional) + "); " + performer.displayName()
                        + " is a heart centre, for care that needs one");
            }
        }
        return List.of();
    }

    private static String names(List<NetworkMember> members) {
        return members.stream().map(NetworkMember::displayName).collect(Collectors.joining(", "));
    }
}
