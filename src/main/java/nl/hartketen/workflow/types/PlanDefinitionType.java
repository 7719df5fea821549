package nl.hartketen.workflow.types;

import static nl.hartketen.workflow.search.IndexValues.code;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import nl.hartketen.application.storage.IndexEntry;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.PlanDefinition;

/** A care path (zorgpad): the steps a patient with a given reason for referral goes through. */
@ApplicationScoped
public class PlanDefinitionType extends StoredType<PlanDefinition> {

    public PlanDefinitionType() {
        super(PlanDefinition.class);
    }

    @Override
    public void defineSearch(SearchParameters.Builder<PlanDefinition> search) {
        search.token(
                        "url",
                        "The care path's canonical URL",
                        p -> p.hasUrl() ? List.of(IndexEntry.token("url", null, p.getUrl())) : List.of())
                .string(
                        "title",
                        "A portion of the title",
                        p -> p.hasTitle() ? List.of(IndexEntry.string("title", p.getTitle())) : List.of())
                .token("status", "draft | active | retired | unknown", p -> code("status", p.getStatusElement()));
    }
}
