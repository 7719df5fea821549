package nl.hartketen.application.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** How one link of the audit chain is hashed: SHA-256 over the previous hash, the position, the id and the content. */
public final class AuditHash {

    /** The "previous hash" of the first link. */
    public static final String GENESIS = "0".repeat(64);

    private AuditHash() {}

    public static String of(String previousHash, long sequence, String auditEventId, String content) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(
                    (previousHash + "\n" + sequence + "\n" + auditEventId + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
