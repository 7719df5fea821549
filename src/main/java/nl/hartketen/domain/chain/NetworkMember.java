package nl.hartketen.domain.chain;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * An organization's membership of a network: its role in the chain, its sites and the services it offers.
 *
 * @param organization "Organization/id"
 * @param services     codes of the services offered (our cardiology-service codes)
 */
public record NetworkMember(
        String organization, String name, CareLevel role, List<GeoPoint> sites, Set<String> services) {

    public NetworkMember {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(role, "role");
        sites = List.copyOf(sites);
        services = Set.copyOf(services);
    }

    public boolean offers(CareService service) {
        return services.contains(service.code());
    }

    /** From {@code point} to the nearest of its sites; empty when it has no site with coordinates. */
    public OptionalDouble kilometresFrom(GeoPoint point) {
        return sites.stream().mapToDouble(site -> site.kilometresTo(point)).min();
    }

    public String displayName() {
        return name == null ? organization : name;
    }
}
