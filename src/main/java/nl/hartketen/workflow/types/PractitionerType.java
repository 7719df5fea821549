package nl.hartketen.workflow.types;

import static nl.hartketen.workflow.search.IndexValues.Part;
import static nl.hartketen.workflow.search.IndexValues.identifiers;
import static nl.hartketen.workflow.search.IndexValues.names;

import jakarta.enterprise.context.ApplicationScoped;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.Practitioner;

/** GPs, cardiologists and nurses of the directory. */
@ApplicationScoped
public class PractitionerType extends StoredType<Practitioner> {

    public PractitionerType() {
        super(Practitioner.class);
    }

    @Override
    public void defineSearch(SearchParameters.Builder<Practitioner> search) {
        search.token(
                        "identifier",
                        "A practitioner identifier (AGB, BIG, UZI)",
                        p -> identifiers("identifier", p.getIdentifier()))
                .string("name", "A portion of any part of the name", p -> names("name", p.getName(), Part.ANY))
                .string("family", "A portion of the family name", p -> names("family", p.getName(), Part.FAMILY))
                .string("given", "A portion of a given name", p -> names("given", p.getName(), Part.GIVEN));
    }
}
