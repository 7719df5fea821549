package nl.hartketen.domain.waiting;

import java.util.Arrays;
import java.util.Optional;
import nl.hartketen.domain.referral.RequestCategory;

/** The waits the network reports, each the wait of one kind of request (see docs/waiting-times.md). */
public enum Measure {
    /** Toegangstijd: a referral sent → the first visit (the start of the first fulfilled Appointment based on it). */
    ACCESS("access", RequestCategory.REFERRAL),
    /** A telediagnostics request sent → its DiagnosticReport issued. */
    DIAGNOSTICS("diagnostics", RequestCategory.TELEDIAGNOSTICS),
    /** The decision to treat (the procedure request sent) → the Procedure performed. */
    TREATMENT("treatment", RequestCategory.PROCEDURE),
    /** A meekijkconsult asked → the cardiologist's first answer. */
    CONSULT_RESPONSE("consult-response", RequestCategory.MEEKIJKCONSULT),
    /** A GP's referral (the first of its chain) → the back-referral that closes it; a second measure of that referral. */
    LOOP("loop", null);

    private final String code;
    private final RequestCategory category;

    Measure(String code, RequestCategory category) {
        this.code = code;
        this.category = category;
    }

    public String code() {
        return code;
    }

    /** The measure a request of this category is counted in (a GP's referral also in {@link #LOOP}); none for a back-referral. */
    public static Optional<Measure> of(RequestCategory category) {
        return Arrays.stream(values())
                .filter(measure -> measure.category == category)
                .findFirst();
    }

    /** @throws IllegalArgumentException naming the known codes */
    public static Measure fromCode(String code) {
        return Arrays.stream(values())
                .filter(measure -> measure.code.equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown measure '" + code
                        + "'; known: access, diagnostics, treatment, consult-response, loop"));
    }
}
