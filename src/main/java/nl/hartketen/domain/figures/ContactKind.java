package nl.hartketen.domain.figures;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a patient and a hospital met: the codes of our CodeSystem contact-kind. Everything but a physical visit is
 * digital care, which the network's ambition wants to grow (docs/figures.md).
 */
public enum ContactKind {
    PHYSICAL("physical"),
    TELEPHONE("telephone"),
    VIDEO("video"),
    WRITTEN("written"),
    /** Thuismonitoring: counted from the enrolments, one contact per enrolment started, never from an Appointment. */
    TELEMONITORING("telemonitoring");

    private final String code;

    ContactKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public boolean digital() {
        return this != PHYSICAL;
    }

    public static Optional<ContactKind> fromCode(String code) {
        return Arrays.stream(values()).filter(kind -> kind.code.equals(code)).findFirst();
    }
}
