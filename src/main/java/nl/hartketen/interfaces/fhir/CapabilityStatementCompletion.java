package nl.hartketen.interfaces.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import nl.hartketen.application.access.AccessPolicy;
import nl.hartketen.workflow.search.SearchParameters;
import nl.hartketen.workflow.types.StoredType;
import nl.hartketen.workflow.types.StoredTypes;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/**
 * HAPI derives the CapabilityStatement from the providers' annotations; our searches are driven by
 * {@link SearchParameters} instead, so this adds from there what we really support: each type's search
 * parameters and _includes, our profiles, versioned updates.
 */
@Interceptor
public class CapabilityStatementCompletion {

    private final SearchParameters searchParameters;
    private final StoredTypes types;

    public CapabilityStatementCompletion(SearchParameters searchParameters, StoredTypes types) {
        this.searchParameters = searchParameters;
        this.types = types;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void complete(IBaseConformance generated) {
        CapabilityStatement statement = (CapabilityStatement) generated;
        statement.getSoftware().setName("Hartketen");
        statement
                .getRestFirstRep()
                .getSecurity()
                .setCors(true)
                .setDescription(
                        "OAuth2 bearer tokens (JWT) from the network's identity provider; every access to patient"
                                + " data is recorded as an AuditEvent. See docs/security.md.")
                .addService(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
                        "http://terminology.hl7.org/CodeSystem/restful-security-service", "OAuth", "OAuth")));
        // The transaction provider takes batch Bundles too; HAPI declares only the transaction.
        CapabilityStatement.CapabilityStatementRestComponent rest = statement.getRestFirstRep();
        boolean transactions = rest.getInteraction().stream()
                .anyMatch(interaction ->
                        interaction.getCode() == CapabilityStatement.SystemRestfulInteraction.TRANSACTION);
        boolean batches = rest.getInteraction().stream()
                .anyMatch(interaction -> interaction.getCode() == CapabilityStatement.SystemRestfulInteraction.BATCH);
        if (transactions && !batches) {
            rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.BATCH);
        }
        for (CapabilityStatementRestResourceComponent resource :
                statement.getRestFirstRep().getResource()) {
            String type = resource.getType();
            resource.setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE);
            resource.setReadHistory(true);
            resource.setUpdateCreate(AccessPolicy.DIRECTORY.contains(type));
            resource.setConditionalCreate(true);
            types.find(type).flatMap(StoredType::profile).ifPresent(resource::setProfile);
            types.find(type).flatMap(StoredType::documentation).ifPresent(resource::setDocumentation);
            resource.getSearchParam().clear();
            resource.addSearchParam()
                    .setName("_id")
                    .setType(SearchParamType.TOKEN)
                    .setDocumentation("The resource id");
            resource.addSearchParam()
                    .setName("_lastUpdated")
                    .setType(SearchParamType.DATE)
                    .setDocumentation("When the resource last changed (with prefixes: ge, le, gt, lt …)");
            for (SearchParameters.Definition definition : searchParameters.forType(type)) {
                resource.addSearchParam()
                        .setName(definition.name())
                        .setType(type(definition.kind()))
                        .setDocumentation(definition.description());
            }
            resource.getSearchInclude().clear();
            searchParameters.includes(type).stream()
                    .sorted()
                    .forEach(element -> resource.addSearchInclude(type + ":" + element));
        }
    }

    private static SearchParamType type(SearchParameters.Kind kind) {
        return switch (kind) {
            case TOKEN -> SearchParamType.TOKEN;
            case STRING -> SearchParamType.STRING;
            case REFERENCE -> SearchParamType.REFERENCE;
            case DATE -> SearchParamType.DATE;
        };
    }
}
