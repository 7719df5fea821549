package nl.hartketen.domain.chain;

import java.util.Objects;
import java.util.Set;

/**
 * A cardiology service a network member may offer (PCI, TAVI, heart-failure clinic…).
 *
 * @param lowestLevel  the lowest level of the chain that provides it: open-heart surgery, TAVI and complex ablation
 *                     are for heart centres only
 * @param snomedCodes  equivalent SNOMED CT codes, so that a request coded in SNOMED finds its service
 */
public record CareService(String code, String display, CareLevel lowestLevel, Set<String> snomedCodes) {

    public CareService {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(lowestLevel, "lowestLevel");
        snomedCodes = Set.copyOf(snomedCodes);
    }

    public boolean isHeartCentreOnly() {
        return lowestLevel == CareLevel.HEART_CENTRE;
    }

    /** "Percutaneous coronary intervention (PCI) (pci)": how messages name it. */
    public String label() {
        return (display == null ? code : display) + " (" + code + ")";
    }
}
