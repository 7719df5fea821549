package nl.hartketen.workflow.resource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.workflow.search.References;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** The organization a reference stands for: an Organization itself, or the one a PractitionerRole or HealthcareService belongs to. */
@ApplicationScoped
public class Organizations {

    private ResourceService resources;
    private ResourceCodec codec;

    protected Organizations() {}

    @Inject
    public Organizations(ResourceService resources, ResourceCodec codec) {
        this.resources = resources;
        this.codec = codec;
    }

    /** "Organization/id", or empty for a Practitioner, a Patient or an unknown role or service. */
    public Optional<String> of(String reference) {
        if (reference.startsWith("Organization/")) {
            return Optional.of(reference);
        }
        if (!reference.startsWith("PractitionerRole/") && !reference.startsWith("HealthcareService/")) {
            return Optional.empty();
        }
        Optional<Resource> resource =
                resources.readAll(List.of(reference)).stream().findFirst().map(codec::decode);
        return resource.map(found -> found instanceof PractitionerRole role
                        ? role.getOrganization()
                        : ((HealthcareService) found).getProvidedBy())
                .flatMap(References::relative);
    }

    public Optional<String> of(Reference reference) {
        return References.relative(reference).flatMap(this::of);
    }

    public Set<String> of(List<Reference> references) {
        Set<String> organizations = new LinkedHashSet<>();
        references.forEach(reference -> of(reference).ifPresent(organizations::add));
        return organizations;
    }
}
