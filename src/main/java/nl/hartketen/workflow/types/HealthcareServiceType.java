package nl.hartketen.workflow.types;

import static nl.hartketen.workflow.search.IndexValues.bool;
import static nl.hartketen.workflow.search.IndexValues.concepts;
import static nl.hartketen.workflow.search.IndexValues.references;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import nl.hartketen.application.storage.IndexEntry;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Reference;

/** A service a member offers (outpatient cardiology, PCI, TAVI …), with its access time. */
@ApplicationScoped
public class HealthcareServiceType extends StoredType<HealthcareService> {

    public HealthcareServiceType() {
        super(HealthcareService.class);
    }

    @Override
    public void defineSearch(SearchParameters.Builder<HealthcareService> search) {
        search.reference(
                        "organization",
                        "The organization that offers the service",
                        "Organization",
                        h -> references("organization", h.getProvidedBy()))
                .token(
                        "service-type",
                        "The service (our cardiology-service codes or SNOMED CT)",
                        h -> concepts("service-type", h.getType()))
                .reference(
                        "location",
                        "Where the service is offered",
                        "Location",
                        h -> references("location", h.getLocation().toArray(new Reference[0])))
                .string(
                        "name",
                        "A portion of the service's name",
                        h -> h.hasName() ? List.of(IndexEntry.string("name", h.getName())) : List.of())
                .token("active", "Whether the service is offered now", h -> bool("active", h.getActiveElement()))
                .include("organization", "providedBy")
                .include("location", "location");
    }
}
