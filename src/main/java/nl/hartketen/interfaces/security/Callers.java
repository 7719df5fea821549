package nl.hartketen.interfaces.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.hartketen.application.access.AccessDenied;
import nl.hartketen.application.access.Caller;
import nl.hartketen.domain.shared.Identifier;
import nl.hartketen.domain.shared.Role;
import nl.hartketen.workflow.resource.ResourceReader;
import nl.hartketen.workflow.resource.ResourceTypeWritten;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns the token that MicroProfile JWT has verified into the {@link Caller} every use case runs as: its role,
 * and the practitioner and organization it names, looked up in the directory. A request without a verified token
 * has no caller; there is no default user.
 */
@ApplicationScoped
public class Callers {

    private static final String ATTRIBUTE = Caller.class.getName();
    private static final int MAXIMUM_CALLERS = 10_000;
    private static final Duration KEPT = Duration.ofMinutes(10);
    private static final Set<String> DIRECTORY_TYPES = Set.of("Organization", "Practitioner");

    /**
     * Who a token's claims name, found in the directory once and kept until the directory changes, here or on another
     * node; at most {@link #KEPT} in any case, in case a node missed another's message.
     */
    private final Cache<ClaimsKey, Caller> resolved = Caffeine.newBuilder()
            .maximumSize(MAXIMUM_CALLERS)
            .expireAfterWrite(KEPT)
            .build();

    private ResourceReader reader;

    protected Callers() {
        // for CDI
    }

    @Inject
    public Callers(ResourceReader reader) {
        this.reader = reader;
    }

    /** The claims a caller is built from; the network address is the request's own. */
    private record ClaimsKey(
            String subject, String name, Set<String> groups, Object practitioner, Object organization) {

        static ClaimsKey of(JsonWebToken token) {
            return new ClaimsKey(
                    token.getSubject() != null ? token.getSubject() : token.getName(),
                    token.getClaim(TokenClaims.NAME),
                    token.getGroups() == null ? Set.of() : Set.copyOf(token.getGroups()),
                    Objects.toString(token.getClaim(TokenClaims.PRACTITIONER), null),
                    Objects.toString(token.getClaim(TokenClaims.ORGANIZATION), null));
        }
    }

    /** A directory write may change whom a token names: resolve again (also after the write's transaction ends). */
    void directoryWritten(@Observes ResourceTypeWritten written) {
        forgetIfDirectory(written);
    }

    void directoryWriteEnded(@Observes(during = TransactionPhase.AFTER_COMPLETION) ResourceTypeWritten written) {
        forgetIfDirectory(written);
    }

    private void forgetIfDirectory(ResourceTypeWritten written) {
        if (DIRECTORY_TYPES.contains(written.type())) {
            resolved.invalidateAll();
        }
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
        Caller caller =
                resolved.get(ClaimsKey.of(token), key -> fromToken(token)).at(request.getRemoteAddr());
        request.setAttribute(ATTRIBUTE, caller);
        return caller;
    }

    private Caller fromToken(JsonWebToken token) {
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
        if (role == Role.MONITORING_PLATFORM && organizationId == null) {
            throw new AccessDenied(
                    "a monitoring platform's token must name its organization (" + TokenClaims.ORGANIZATION + ")");
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
                null);
    }

    private static Role role(Set<String> groups) {
        Set<Role> roles = (groups == null ? Set.<String>of() : groups)
                .stream()
                        .map(group -> switch (group) {
                            case "gp" -> Role.GP;
                            case "cardiologist" -> Role.CARDIOLOGIST;
                            case "coordinator" -> Role.COORDINATOR;
                            case "admin" -> Role.ADMIN;
                            case "monitoring-platform" -> Role.MONITORING_PLATFORM;
                            default -> null;
                        })
                        .filter(java.util.Objects::nonNull)
                        .collect(Collectors.toSet());
        if (roles.size() != 1) {
            throw new AccessDenied("the token must carry exactly one Hartketen role in '" + TokenClaims.GROUPS
                    + "' (gp, cardiologist, coordinator, admin or monitoring-platform), not "
                    + (groups == null ? "none" : groups));
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
