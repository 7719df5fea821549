package nl.hartketen.interfaces.security;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A development identity provider for the demo users, so that the demo and the tests run without a real one.
 * Off unless {@code hartketen.dev-issuer.enabled=true}: then it answers 404 like any unknown path. It signs with a
 * key made at start (or read from {@code hartketen.dev-issuer.private-key-location}) and publishes that key at
 * /dev-issuer/jwks.json, where MicroProfile JWT fetches it exactly as it would a real provider's.
 * <ul>
 * <li>GET /dev-issuer/users: the demo users;</li>
 * <li>POST /dev-issuer/token with form field {@code user}: an access token for that user (OAuth2 token response);</li>
 * <li>GET /dev-issuer/jwks.json: the public key.</li>
 * </ul>
 */
@WebServlet(urlPatterns = "/dev-issuer/*")
public class DevTokenIssuer extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(DevTokenIssuer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long LIFETIME_SECONDS = 8 * 60 * 60;

    /** A demo user as listed in demo/dev-users.json. */
    public record DevUser(
            String user, String name, String role, String practitioner, String organization, String description) {}

    @Inject
    @ConfigProperty(name = "hartketen.dev-issuer.enabled", defaultValue = "false")
    transient boolean enabled;

    @Inject
    @ConfigProperty(name = "hartketen.dev-issuer.private-key-location")
    transient Optional<String> privateKeyLocation;

    /** The issuer MicroProfile JWT accepts; the issuer cannot be enabled without it. */
    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    transient Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.audiences", defaultValue = "hartketen")
    transient String audiences;

    @Inject
    transient Clock clock;

    private transient JwtSigner signer;
    private transient Map<String, DevUser> users;

    @Override
    public void init() {
        if (!enabled) {
            return;
        }
        if (issuer.isEmpty()) {
            LOG.severe(
                    "hartketen.dev-issuer.enabled is set but mp.jwt.verify.issuer is not: the development issuer stays off");
            enabled = false;
            return;
        }
        signer = privateKeyLocation
                .map(DevTokenIssuer::readKey)
                .orElseGet(() -> JwtSigner.withNewKey("dev-" + UUID.randomUUID()));
        users = new LinkedHashMap<>();
        for (DevUser user : readUsers()) {
            users.put(user.user(), user);
        }
        LOG.warning("The development token issuer is ON: anyone who can reach /dev-issuer can act as any demo user."
                + " Never enable it (hartketen.dev-issuer.enabled) in production.");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!enabled) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String path = Optional.ofNullable(request.getPathInfo()).orElse("/");
        switch (path) {
            case "/jwks.json" -> write(response, 200, signer.jwks());
            case "/users" -> write(response, 200, JSON.writeValueAsString(users.values()));
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!enabled || !"/token".equals(request.getPathInfo())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        DevUser user =
                users.get(Optional.ofNullable(request.getParameter("user")).orElse(""));
        if (user == null) {
            write(
                    response,
                    400,
                    JSON.writeValueAsString(Map.of(
                            "error",
                            "invalid_request",
                            "error_description",
                            "form field 'user' must be one of " + users.keySet())));
            return;
        }
        write(
                response,
                200,
                JSON.writeValueAsString(Map.of(
                        "access_token",
                        signer.sign(claims(user)),
                        "token_type",
                        "Bearer",
                        "expires_in",
                        LIFETIME_SECONDS)));
    }

    private Map<String, Object> claims(DevUser user) {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer.orElseThrow());
        claims.put("sub", user.user());
        claims.put("upn", user.user());
        claims.put("aud", audiences.split(",")[0]);
        claims.put("iat", now);
        claims.put("exp", now + LIFETIME_SECONDS);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put(TokenClaims.NAME, user.name());
        claims.put(TokenClaims.GROUPS, List.of(user.role()));
        if (user.practitioner() != null) {
            claims.put(TokenClaims.PRACTITIONER, user.practitioner());
        }
        if (user.organization() != null) {
            claims.put(TokenClaims.ORGANIZATION, user.organization());
        }
        return claims;
    }

    private static JwtSigner readKey(String location) {
        try {
            return JwtSigner.fromPem(Files.readString(Path.of(location), StandardCharsets.US_ASCII), "dev-configured");
        } catch (IOException e) {
            throw new IllegalStateException("hartketen.dev-issuer.private-key-location: cannot read " + location, e);
        }
    }

    private static List<DevUser> readUsers() {
        try (InputStream in = DevTokenIssuer.class.getResourceAsStream("/demo/dev-users.json")) {
            return JSON.readValue(in, new TypeReference<List<DevUser>>() {});
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("demo/dev-users.json is missing or unreadable", e);
        }
    }

    private static void write(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(json);
    }
}
