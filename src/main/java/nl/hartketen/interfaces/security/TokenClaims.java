package nl.hartketen.interfaces.security;

/**
 * The claims Hartketen reads from an access token, besides the standard ones (iss, sub, exp, aud). An identity
 * provider maps its user attributes onto these names (docs/security.md shows how for Keycloak).
 */
public final class TokenClaims {

    /** MicroProfile JWT's role claim: one of gp, cardiologist, coordinator, admin, monitoring-platform. */
    public static final String GROUPS = "groups";
    /** The practitioner's AGB or UZI number as "system|value". */
    public static final String PRACTITIONER = "practitioner_identifier";
    /** The AGB or URA number of the organization the user acts for, as "system|value". */
    public static final String ORGANIZATION = "organization_identifier";

    public static final String NAME = "name";

    private TokenClaims() {}
}
