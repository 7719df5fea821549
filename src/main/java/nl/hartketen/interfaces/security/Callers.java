package nl.hartketen.interfaces.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.hartketen.application.access.AccessDenied;
import nl.hartketen.application.access.Caller;
import nl.hartketen.domain.shared.Identifier;
import nl.hartketen.domain.shared.Role;
import nl.hartketen.workflow.resource.ResourceReader;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns the token that MicroProfile JWT has verified into the {@link Caller} every use case runs as: its role,
 * and the practitioner and organization it names, looked up in the directory. A request without a verified token
 * has no caller; there is no default user.
 */
@ApplicationScoped
public class Callers {

    private static final String ATTRIBUTE = Caller.class.getName();

    private ResourceReader reader;

    protected Callers() {
        // for CDI
    }

    @Inject
    public Callers(ResourceReader reader) {
        this.reader = reader;
    }

    /**
     * @throws NotAuthenticated when the request carries no verified token
     * @throws AccessDenied     when the token's role or organization is not one Hartketen knows
     */
    public Caller of(HttpServletRequest request) {
        Object known = request.getAttribute(ATTRIBUTE);
        if (known instanceof Caller caller) {
            return caller;
        }
        if (!(request.getUserPrincipal() instanceof JsonWebToken token)) {
            throw new NotAuthenticated("no verified bearer token");
        }
        Caller caller = fromToken(token, request.getRemoteAddr());
        request.setAttribute(ATTRIBUTE, caller);
        return caller;
    }

    private Caller fromToken(JsonWebToken token, String address) {
        Role role = role(token.getGroups());
        Identifier practitionerId = identifierClaim(token, TokenClaims.PRACTITIONER);
        Identifier organizationId = identifierClaim(token, TokenClaims.ORGANIZATION);
        if ((role == Role.GP || role == Role.CARDIOLOGIST) && (practitionerId == null || organizationId == null)) {
            throw new AccessDenied("a " + role.name().toLowerCase(Locale.ROOT) + "'s token must name the practitioner ("
                    + TokenClaims.PRACTITIONER + ") and the organization (" + TokenClaims.ORGANIZATION + ")");
        }
        if (role == Role.COORDINATOR && organizationId == null) {
            throw new AccessDenied("a coordinator's token must name the network (" + TokenClaims.ORGANIZATION + ")");
        }
        String organization = null;
        if (organizationId != null) {
            organization = find("Organization", organizationId)
                    .orElseThrow(() -> new AccessDenied(
                            "the organization in your token (" + organizationId + ") is not in the directory"));
        }
        String practitioner = practitionerId == null
                ? null
                : find("Practitioner", practitionerId).orElse(null);
        String name =
                Optional.ofNullable(token.<String>getClaim(TokenClaims.NAME)).orElse(token.getName());
        return new Caller(
                token.getSubject() != null ? token.getSubject() : token.getName(),
                name,
                role,
                practitionerId,
                organizationId,
                practitioner,
                organization,
                address);
    }

    private static Role role(Set<String> groups) {
        Set<Role> roles = (groups == null ? Set.<String>of() : groups)
                .stream()
                        .map(group -> switch (group) {
                            case "gp" -> Role.GP;
                            case "cardiologist" -> Role.CARDIOLOGIST;
                            case "coordinator" -> Role.COORDINATOR;
                            case "admin" -> Role.ADMIN;
                            default -> null;
                        })
                        .filter(java.util.Objects::nonNull)
                        .collect(Collectors.toSet());
        if (roles.size() != 1) {
            throw new AccessDenied("the token must carry exactly one Hartketen role in '" + TokenClaims.GROUPS
                    + "' (gp, cardiologist, coordinator or admin), not " + (groups == null ? "none" : groups));
        }
        return roles.iterator().next();
    }

    private static Identifier identifierClaim(JsonWebToken token, String claim) {
        Object value = token.getClaim(claim);
        if (value == null) {
            return null;
        }
        String text = value.toString().replaceAll("^\"|\"$", "");
        int bar = text.indexOf('|');
        if (bar <= 0 || bar == text.length() - 1) {
            throw new AccessDenied("token claim " + claim + " must be 'system|value'");
        }
        return new Identifier(text.substring(0, bar), text.substring(bar + 1));
    }

    /** The resource of {@code type} with this identifier, as "Type/id". */
    private Optional<String> find(String type, Identifier identifier) {
        List<String> found = reader.withIdentifier(type, identifier.system(), identifier.value(), 2);
        if (found.size() > 1) {
            throw new AccessDenied("more than one " + type + " has identifier " + identifier
                    + "; ask an administrator to fix the directory");
        }
        return found.stream().findFirst();
    }
}
