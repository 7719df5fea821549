package nl.hartketen.domain.referral;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;
import nl.hartketen.domain.shared.Identifier;

/**
 * The referral number this network assigns when the sender gives no identifier of its own, e.g. HK-7QK2-M9XD.
 * Random rather than sequential so that numbers leak no volumes and need no shared counter between nodes;
 * the database's unique constraint catches the (about 1 in 10^12) collision.
 */
public final class ReferralNumber {

    public static final String SYSTEM = "https://hartketen.nl/fhir/NamingSystem/referral-number";

    /** Crockford's base 32: it leaves out I, L, O and U, letters that read as digits (or words) over the phone. */
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final RandomGenerator random;

    public ReferralNumber() {
        this(new SecureRandom());
    }

    public ReferralNumber(RandomGenerator random) {
        this.random = random;
    }

    public Identifier next() {
        StringBuilder number = new StringBuilder("HK-");
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                number.append('-');
            }
            number.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return new Identifier(SYSTEM, number.toString());
    }
}
