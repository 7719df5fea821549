package nl.hartketen.workflow.types;

import static nl.hartketen.workflow.search.IndexValues.code;
import static nl.hartketen.workflow.search.IndexValues.references;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import nl.hartketen.application.storage.IndexEntry;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.Location;

/** Sites of the directory's organizations, with their coordinates for routing. */
@ApplicationScoped
public class LocationType extends StoredType<Location> {

    public LocationType() {
        super(Location.class);
    }

    @Override
    public void defineSearch(SearchParameters.Builder<Location> search) {
        search.reference(
                        "organization",
                        "The organization the site belongs to",
                        "Organization",
                        l -> references("organization", l.getManagingOrganization()))
                .string(
                        "name",
                        "A portion of the site's name",
                        l -> l.hasName() ? List.of(IndexEntry.string("name", l.getName())) : List.of())
                .string(
                        "address-city",
                        "The city",
                        l -> l.getAddress().hasCity()
                                ? List.of(IndexEntry.string(
                                        "address-city", l.getAddress().getCity()))
                                : List.of())
                .token("status", "active | suspended | inactive", l -> code("status", l.getStatusElement()))
                .include("organization", "managingOrganization");
    }
}
