package nl.hartketen.domain.chain;

import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/** Where a referral for a service could go within a network: nearest first, the heart centre only when needed. */
public final class Routing {

    /** A possible performer and how far it is from the requester (empty when either place is unknown). */
    public record Candidate(NetworkMember member, OptionalDouble kilometres) {}

    private Routing() {}

    /**
     * The hospitals offering {@code service}. Heart centres are proposed for heart-centre services, or when no
     * regional hospital offers the service.
     *
     * @param from the requester's site, or null when unknown (then the order is by name)
     */
    public static List<Candidate> suggest(Network network, CareService service, GeoPoint from) {
        List<NetworkMember> hospitals = network.offering(service).stream()
                .filter(member -> member.role() != CareLevel.GP_PRACTICE)
                .toList();
        boolean regionalOffers = hospitals.stream().anyMatch(member -> member.role() == CareLevel.REGIONAL_HOSPITAL);
        boolean heartCentres = service.isHeartCentreOnly() || !regionalOffers;
        return hospitals.stream()
                .filter(member -> heartCentres || member.role() != CareLevel.HEART_CENTRE)
                .map(member ->
                        new Candidate(member, from == null ? OptionalDouble.empty() : member.kilometresFrom(from)))
                .sorted(Comparator.comparingDouble(
                                (Candidate c) -> c.kilometres().orElse(Double.MAX_VALUE))
                        .thenComparing(c -> c.member().displayName()))
                .toList();
    }
}
