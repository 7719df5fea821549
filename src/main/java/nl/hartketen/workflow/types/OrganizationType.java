package nl.hartketen.workflow.types;

import static nl.hartketen.workflow.search.IndexValues.concepts;
import static nl.hartketen.workflow.search.IndexValues.identifiers;
import static nl.hartketen.workflow.search.IndexValues.references;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import nl.hartketen.application.storage.IndexEntry;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.Organization;

/** Organizations of the network directory: practices, hospitals, heart centres and the networks themselves. */
@ApplicationScoped
public class OrganizationType extends StoredType<Organization> {

    public OrganizationType() {
        super(Organization.class);
    }

    @Override
    public void defineSearch(SearchParameters.Builder<Organization> search) {
        search.token(
                        "identifier",
                        "An organization identifier (AGB, URA)",
                        o -> identifiers("identifier", o.getIdentifier()))
                .string("name", "A portion of the organization's name or alias", o -> {
                    List<IndexEntry> entries = new ArrayList<>();
                    if (o.hasName()) {
                        entries.add(IndexEntry.string("name", o.getName()));
                    }
                    o.getAlias().forEach(alias -> entries.add(IndexEntry.string("name", alias.getValue())));
                    return entries;
                })
                .token("type", "The kind of organization", o -> concepts("type", o.getType()))
                .reference(
                        "partof",
                        "The organization it is part of",
                        "Organization",
                        o -> references("partof", o.getPartOf()));
    }
}
