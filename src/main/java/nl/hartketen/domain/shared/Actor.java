package nl.hartketen.domain.shared;

import java.util.Objects;

/**
 * Who performs a use case: a practitioner acting for an organization in a role.
 * References are FHIR-style relative references ("Practitioner/123") kept as plain strings,
 * so the domain stays free of any FHIR library.
 */
public record Actor(String practitioner, String organization, Role role) {

    public Actor {
        Objects.requireNonNull(role, "role");
    }

    /** The application itself, e.g. while loading demo data at first start. */
    public static Actor system() {
        return new Actor(null, null, Role.SYSTEM);
    }
}
