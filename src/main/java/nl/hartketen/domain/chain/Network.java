package nl.hartketen.domain.chain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A regional cardiology network (HartNet Noord-Nederland, CardioNoVo+): an organization and its members. */
public record Network(String organization, String name, List<NetworkMember> members) {

    public Network {
        Objects.requireNonNull(organization, "organization");
        members = List.copyOf(members);
    }

    public Optional<NetworkMember> member(String organization) {
        return members.stream()
                .filter(member -> member.organization().equals(organization))
                .findFirst();
    }

    /** The hospitals that offer {@code service}, in the order they joined. */
    public List<NetworkMember> offering(CareService service) {
        return members.stream().filter(member -> member.offers(service)).toList();
    }

    public String displayName() {
        return name == null ? organization : name;
    }
}
