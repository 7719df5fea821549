package nl.hartketen.application.access;

import java.util.Objects;
import nl.hartketen.domain.shared.Actor;
import nl.hartketen.domain.shared.Identifier;
import nl.hartketen.domain.shared.Role;

/**
 * Who makes a request, for which organization, in which role, and from where: everything the access rules and the
 * audit trail need to know about the caller. Built from a verified token; never a default.
 *
 * @param subject        the identity provider's id of the user (token {@code sub})
 * @param name           the user's display name, as the audit trail shows it
 * @param practitionerId the user's AGB or UZI number, when the user is a practitioner
 * @param organizationId the AGB or URA number of the organization the user acts for
 * @param practitioner   "Practitioner/id" when the practitioner is in the directory
 * @param organization   "Organization/id" of the organization the user acts for, when it has one
 * @param address        the network address the request came from
 */
public record Caller(
        String subject,
        String name,
        Role role,
        Identifier practitionerId,
        Identifier organizationId,
        String practitioner,
        String organization,
        String address) {

    public Caller {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
    }

    /** The application itself, e.g. loading demo data at first start: bound by no access rule. */
    public static Caller system() {
        return new Caller("hartketen", "Hartketen", Role.SYSTEM, null, null, null, null, null);
    }

    public boolean isSystem() {
        return role == Role.SYSTEM;
    }

    /** The same caller, calling from {@code address}. */
    public Caller at(String address) {
        return new Caller(subject, name, role, practitionerId, organizationId, practitioner, organization, address);
    }

    /** The caller as the domain records it on events. */
    public Actor actor() {
        return new Actor(practitioner, organization, role);
    }
}
