package nl.hartketen.interfaces.fhir.stu3;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.hartketen.workflow.resource.ResourceReader;
import nl.hartketen.workflow.search.References;
import nl.hartketen.workflow.search.SearchParameters;
import nl.hartketen.workflow.search.SearchRequest;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Resource;

/** PractitionerRoles as the directory holds them (directory data: no caller's access rules apply). */
final class DirectoryRoles implements ReferralRequestMapping.Roles {

    private final ResourceReader reader;
    private final SearchParameters searchParameters;

    DirectoryRoles(ResourceReader reader, SearchParameters searchParameters) {
        this.reader = reader;
        this.searchParameters = searchParameters;
    }

    @Override
    public Optional<ReferralRequestMapping.Role> of(String role) {
        return find(Map.of("_id", new String[] {role.substring(role.indexOf('/') + 1)})).stream()
                .findFirst()
                .map(PractitionerRole.class::cast)
                .flatMap(found -> References.relative(found.getPractitioner())
                        .flatMap(practitioner -> References.relative(found.getOrganization())
                                .map(organization -> new ReferralRequestMapping.Role(practitioner, organization))));
    }

    @Override
    public Optional<String> of(String practitioner, String organization) {
        List<Resource> found =
                find(Map.of("practitioner", new String[] {practitioner}, "organization", new String[] {organization}));
        return found.size() == 1
                ? Optional.of("PractitionerRole/" + found.get(0).getIdElement().getIdPart())
                : Optional.empty();
    }

    private List<Resource> find(Map<String, String[]> parameters) {
        return reader.search(
                SearchRequest.parse("PractitionerRole", parameters, searchParameters)
                        .query(),
                2);
    }
}
