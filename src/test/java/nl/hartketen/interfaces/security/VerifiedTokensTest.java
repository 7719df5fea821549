package nl.hartketen.interfaces.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import nl.hartketen.testsupport.TestClock;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-04T08:00:00Z");

    /** Claims as MicroProfile JWT hands them over once it has verified a token. */
    private record Claims(Map<String, Object> values) implements JsonWebToken {

        static Claims expiring(Instant expiry) {
            return new Claims(Map.of("sub", "gp-jansen", "exp", expiry.getEpochSecond(), "groups", Set.of("gp")));
        }

        @Override
        public String getName() {
            return (String) values.get("sub");
        }

        @Override
        public Set<String> getClaimNames() {
            return values.keySet();
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T> T getClaim(String claimName) {
            return (T) values.get(claimName);
        }
    }

    @Test
    void aVerifiedTokenIsKnownUntilItExpires() {
        TestClock clock = new TestClock(NOW);
        VerifiedTokens tokens = new VerifiedTokens(clock);
        tokens.keep("raw-token", Claims.expiring(NOW.plus(Duration.ofMinutes(5))));

        VerifiedTokens.Verified verified = tokens.find("raw-token").orElseThrow();
        assertEquals("gp-jansen", verified.token().getName());
        assertEquals(Set.of("gp"), verified.groups());
        assertTrue(tokens.find("another-token").isEmpty());

        clock.advance(Duration.ofMinutes(5));
        assertTrue(tokens.find("raw-token").isEmpty(), "expired");
    }

    @Test
    void aTokenWithoutExpiryIsNotKept() {
        VerifiedTokens tokens = new VerifiedTokens(Clock.fixed(NOW, ZoneOffset.UTC));
        tokens.keep("raw-token", new Claims(Map.of("sub", "gp-jansen")));

        assertTrue(tokens.find("raw-token").isEmpty());
    }

    @Test
    void theCacheIsBounded() {
        VerifiedTokens tokens = new VerifiedTokens(Clock.fixed(NOW, ZoneOffset.UTC));
        for (int i = 0; i < VerifiedTokens.MAXIMUM_TOKENS + 500; i++) {
            tokens.keep("token-" + i, Claims.expiring(NOW.plus(Duration.ofHours(1))));
        }

        assertTrue(tokens.size() <= VerifiedTokens.MAXIMUM_TOKENS, tokens.size() + " tokens kept");
    }

    @Test
    void changedSigningKeysEmptyTheCache() throws IOException {
        AtomicReference<String> jwks = new AtomicReference<>("{\"keys\":[{\"kid\":\"one\"}]}");
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/jwks.json", exchange -> {
            byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        provider.start();
        try {
            VerifiedTokens tokens = new VerifiedTokens(Clock.fixed(NOW, ZoneOffset.UTC));
            SigningKeys keys = new SigningKeys();
            keys.tokens = tokens;
            keys.inlineKey = Optional.empty();
            keys.location =
                    Optional.of("http://127.0.0.1:" + provider.getAddress().getPort() + "/jwks.json");
            keys.check();
            tokens.keep("raw-token", Claims.expiring(NOW.plus(Duration.ofHours(1))));

            keys.check();
            assertTrue(tokens.find("raw-token").isPresent(), "same keys");

            jwks.set("{\"keys\":[{\"kid\":\"two\"}]}");
            keys.check();
            assertTrue(tokens.find("raw-token").isEmpty(), "keys changed");
        } finally {
            provider.stop(0);
        }
    }
}
