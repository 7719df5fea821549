package nl.hartketen.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.hartketen.interfaces.security.JwtSigner;

/**
 * Access tokens for the tests, signed with the key the tested application's development issuer uses (and so
 * trusted by it), or with another key where a test needs a forged one.
 */
final class Tokens {

    static final String ISSUER = System.getProperty("it.tokenIssuer", "https://dev-issuer.hartketen.test");
    static final String AGB = "http://fhir.nl/fhir/NamingSystem/agb-z";
    static final String URA = "http://fhir.nl/fhir/NamingSystem/ura";
    private static final JwtSigner TRUSTED = JwtSigner.fromPem(
            read(System.getProperty("it.tokenKey", "src/test/resources/security/dev-issuer-private-key.pem")),
            "dev-configured");

    private Tokens() {}

    /** Standard claims of a token valid for an hour, for {@code role}, naming a practitioner and organization (either may be null). */
    static Map<String, Object> claims(String role, String practitionerAgb, String organizationUra) {
        long now = Instant.now().getEpochSecond();
        String subject = role + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", subject);
        claims.put("upn", subject);
        claims.put("aud", "hartketen");
        claims.put("iat", now);
        claims.put("exp", now + 3600);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("name", "Test " + role);
        claims.put("groups", List.of(role));
        if (practitionerAgb != null) {
            claims.put("practitioner_identifier", AGB + "|" + practitionerAgb);
        }
        if (organizationUra != null) {
            claims.put("organization_identifier", URA + "|" + organizationUra);
        }
        return claims;
    }

    static String token(String role, String practitionerAgb, String organizationUra) {
        return signed(claims(role, practitionerAgb, organizationUra));
    }

    static String signed(Map<String, Object> claims) {
        return TRUSTED.sign(claims);
    }

    /** Signed with a key nobody trusts. */
    static String forged(Map<String, Object> claims) {
        return JwtSigner.withNewKey("dev-configured").sign(claims);
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
