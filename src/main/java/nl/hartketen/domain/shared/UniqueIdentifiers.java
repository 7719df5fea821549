package nl.hartketen.domain.shared;

import java.util.Map;
import java.util.Set;
import nl.hartketen.domain.patient.Bsn;

/**
 * Identifier systems that name one real person or organization: at most one resource of the type may carry each value.
 * A second Patient with a BSN that is already registered would split the patient's record (the next referral on one
 * copy, the letter on another); a second Organization with a URA number would make the sign-in's organization
 * ambiguous.
 */
public final class UniqueIdentifiers {

    public static final String URA = "http://fhir.nl/fhir/NamingSystem/ura";
    public static final String AGB = "http://fhir.nl/fhir/NamingSystem/agb-z";

    private static final Map<String, Set<String>> SYSTEMS_BY_TYPE = Map.of(
            "Patient", Set.of(Bsn.SYSTEM),
            "Organization", Set.of(URA, AGB));

    private UniqueIdentifiers() {}

    public static boolean isUnique(String resourceType, String system) {
        return system != null
                && SYSTEMS_BY_TYPE.getOrDefault(resourceType, Set.of()).contains(system);
    }
}
