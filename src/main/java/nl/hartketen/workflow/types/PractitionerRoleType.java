package nl.hartketen.workflow.types;

import static nl.hartketen.workflow.search.IndexValues.concepts;
import static nl.hartketen.workflow.search.IndexValues.identifiers;
import static nl.hartketen.workflow.search.IndexValues.references;

import jakarta.enterprise.context.ApplicationScoped;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.PractitionerRole;

/** A practitioner at an organization: how a request names its sender. */
@ApplicationScoped
public class PractitionerRoleType extends StoredType<PractitionerRole> {

    public PractitionerRoleType() {
        super(PractitionerRole.class);
    }

    @Override
    public void defineSearch(SearchParameters.Builder<PractitionerRole> search) {
        search.token("identifier", "A practitioner role identifier", r -> identifiers("identifier", r.getIdentifier()))
                .reference(
                        "practitioner",
                        "The practitioner",
                        "Practitioner",
                        r -> references("practitioner", r.getPractitioner()))
                .reference(
                        "organization",
                        "The organization the practitioner works for",
                        "Organization",
                        r -> references("organization", r.getOrganization()))
                .token("role", "The role the practitioner plays", r -> concepts("role", r.getCode()))
                .include("practitioner", "practitioner")
                .include("organization", "organization");
    }
}
