package nl.hartketen.interfaces.security;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLConnection;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Watches the identity provider's signing keys (the JWKS at {@code mp.jwt.verify.publickey.location}, or the key in
 * {@code mp.jwt.verify.publickey}) and empties the {@link VerifiedTokens} when they change: a token of a withdrawn
 * key must not stay accepted from the cache. Looked at once a minute by default; a key that cannot be fetched is not
 * a change (MicroProfile JWT keeps the keys it has too).
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());
    private static final int FETCH_TIMEOUT_MILLIS = 5_000;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> location;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> inlineKey;

    @Inject
    @ConfigProperty(name = "hartketen.token-cache.key-check-seconds", defaultValue = "60")
    long checkSeconds;

    @Inject
    VerifiedTokens tokens;

    @jakarta.annotation.Resource
    ManagedScheduledExecutorService scheduler;

    private volatile String fingerprint;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        scheduler.scheduleWithFixedDelay(this::check, checkSeconds, checkSeconds, TimeUnit.SECONDS);
    }

    /** Empties the token cache when the keys differ from those seen last. */
    void check() {
        current().ifPresent(now -> {
            String before = fingerprint;
            fingerprint = now;
            if (before != null && !before.equals(now)) {
                LOG.info("The identity provider's signing keys changed: verified tokens are checked afresh");
                tokens.forgetAll();
            }
        });
    }

    private Optional<String> current() {
        if (inlineKey.isPresent()) {
            return Optional.of(sha256(inlineKey.get().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        if (location.isEmpty()) {
            return Optional.empty();
        }
        try {
            URLConnection connection = URI.create(location.get()).toURL().openConnection();
            connection.setConnectTimeout(FETCH_TIMEOUT_MILLIS);
            connection.setReadTimeout(FETCH_TIMEOUT_MILLIS);
            try (InputStream keys = connection.getInputStream()) {
                return Optional.of(sha256(keys.readAllBytes()));
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.FINE, "Could not fetch the signing keys from " + location.get(), e);
            return Optional.empty();
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
