package nl.hartketen.interfaces.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens MicroProfile JWT has verified, kept until they expire, so that a client sending the same token
 * again is not checked again (signature, issuer, audience: about a fifth of a read's CPU, by JFR). Bounded; emptied
 * when the identity provider's signing keys change ({@link SigningKeys}), so that a token of a withdrawn key is
 * checked afresh.
 */
@ApplicationScoped
public class VerifiedTokens {

    /** A verified token and the groups the container was told about. */
    public record Verified(JsonWebToken token, Set<String> groups) {}

    static final int MAXIMUM_TOKENS = 10_000;

    private final Clock clock;
    private final Cache<String, Verified> verified;

    protected VerifiedTokens() {
        this(Clock.systemUTC());
    }

    VerifiedTokens(Clock clock) {
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(MAXIMUM_TOKENS)
                .expireAfter(new UntilTokenExpires(clock))
                .build();
    }

    /** The token's earlier verification, if it was verified and has not expired since. */
    public Optional<Verified> find(String rawToken) {
        Verified found = verified.getIfPresent(rawToken);
        if (found == null || !clock.instant().isBefore(expiry(found))) {
            return Optional.empty();
        }
        return Optional.of(found);
    }

    /** Keeps a token MicroProfile JWT has just verified; a token without an expiry time is not kept. */
    public void keep(String rawToken, JsonWebToken token) {
        if (token.getClaim(Claims.exp.name()) instanceof Number) {
            Set<String> groups = token.getGroups() == null ? Set.of() : Set.copyOf(token.getGroups());
            verified.put(rawToken, new Verified(token, groups));
        }
    }

    /** Forgets every token: the signing keys changed. */
    public void forgetAll() {
        verified.invalidateAll();
    }

    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private static Instant expiry(Verified verified) {
        return Instant.ofEpochSecond(verified.token().getExpirationTime());
    }

    /** Each token is dropped from the cache when it expires. */
    private record UntilTokenExpires(Clock clock) implements Expiry<String, Verified> {

        @Override
        public long expireAfterCreate(String key, Verified value, long currentTime) {
            return Math.max(0, Duration.between(clock.instant(), expiry(value)).toNanos());
        }

        @Override
        public long expireAfterUpdate(String key, Verified value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(String key, Verified value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
