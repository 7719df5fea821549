package nl.hartketen.domain.patient;

import nl.hartketen.domain.shared.RuleViolation;

/**
 * Burgerservicenummer: the Dutch citizen service number. Nine digits that pass the 11-proef:
 * 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11 (and not 0).
 */
public record Bsn(String value) {

    public static final String SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn";

    public Bsn {
        if (!isValid(value)) {
            throw new RuleViolation("identifier", whyInvalid(value));
        }
    }

    public static String whyInvalid(String candidate) {
        return "'" + candidate + "' is not a valid BSN: it needs 9 digits that pass the 11-proef";
    }

    public static boolean isValid(String candidate) {
        if (candidate == null || candidate.length() != 9) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            char c = candidate.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            int weight = i < 8 ? 9 - i : -1;
            sum += weight * (c - '0');
        }
        return sum != 0 && sum % 11 == 0;
    }
}
