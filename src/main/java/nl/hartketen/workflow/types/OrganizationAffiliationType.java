package nl.hartketen.workflow.types;

import static nl.hartketen.workflow.search.IndexValues.bool;
import static nl.hartketen.workflow.search.IndexValues.concepts;
import static nl.hartketen.workflow.search.IndexValues.references;

import jakarta.enterprise.context.ApplicationScoped;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.OrganizationAffiliation;
import org.hl7.fhir.r4.model.Reference;

/** A membership of a network, with the member's care level (gp-practice, regional-hospital, heart-centre). */
@ApplicationScoped
public class OrganizationAffiliationType extends StoredType<OrganizationAffiliation> {

    public OrganizationAffiliationType() {
        super(OrganizationAffiliation.class);
    }

    @Override
    public void defineSearch(SearchParameters.Builder<OrganizationAffiliation> search) {
        search.reference(
                        "primary-organization",
                        "The network (the organization the membership is with)",
                        "Organization",
                        a -> references("primary-organization", a.getOrganization()))
                .reference(
                        "participating-organization",
                        "The member",
                        "Organization",
                        a -> references("participating-organization", a.getParticipatingOrganization()))
                .reference(
                        "network",
                        "The network the membership is in",
                        "Organization",
                        a -> references("network", a.getNetwork().toArray(new Reference[0])))
                .token("role", "gp-practice | regional-hospital | heart-centre", a -> concepts("role", a.getCode()))
                .token("active", "Whether the membership is active", a -> bool("active", a.getActiveElement()))
                .include("primary-organization", "organization")
                .include("participating-organization", "participatingOrganization");
    }
}
