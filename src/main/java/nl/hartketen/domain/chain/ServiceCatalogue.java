package nl.hartketen.domain.chain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The services a request can ask for (our cardiology-service code system), found by our code or by SNOMED CT. */
public final class ServiceCatalogue {

    public static final String SYSTEM = "https://hartketen.nl/fhir/CodeSystem/cardiology-service";
    public static final String SNOMED = "http://snomed.info/sct";

    private final Map<String, CareService> byCode = new LinkedHashMap<>();
    private final Map<String, CareService> bySnomed = new LinkedHashMap<>();

    public ServiceCatalogue(List<CareService> services) {
        for (CareService service : services) {
            byCode.put(service.code(), service);
            service.snomedCodes().forEach(snomed -> bySnomed.putIfAbsent(snomed, service));
        }
    }

    public Optional<CareService> find(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    /** The service one coding stands for, if it is ours or a SNOMED code we map. */
    public Optional<CareService> forCoding(String system, String code) {
        if (SYSTEM.equals(system)) {
            return find(code);
        }
        if (SNOMED.equals(system)) {
            return Optional.ofNullable(bySnomed.get(code));
        }
        return Optional.empty();
    }

    public List<CareService> all() {
        return List.copyOf(byCode.values());
    }
}
