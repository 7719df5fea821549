package nl.hartketen.domain.chain;

import java.util.Arrays;
import java.util.Optional;

/** The links of the care chain, as network roles: GP practice (huisartsenpraktijk), regional hospital, heart centre (UMC). */
public enum CareLevel {
    GP_PRACTICE("gp-practice"),
    REGIONAL_HOSPITAL("regional-hospital"),
    HEART_CENTRE("heart-centre");

    public static final String SYSTEM = "https://hartketen.nl/fhir/CodeSystem/network-role";

    private final String code;

    CareLevel(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<CareLevel> fromCode(String code) {
        return Arrays.stream(values()).filter(level -> level.code.equals(code)).findFirst();
    }
}
