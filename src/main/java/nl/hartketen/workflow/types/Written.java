package nl.hartketen.workflow.types;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/** A written resource as it now stands, whether it was created, and what the client should look at again. */
public record Written(Resource resource, boolean created, List<String> warnings) {

    public Written(Resource resource, boolean created) {
        this(resource, created, List.of());
    }

    /** "Type/id" of the written resource. */
    public String reference() {
        return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    }

    /** The warnings as an OperationOutcome, or null when there are none. */
    public OperationOutcome warningOutcome() {
        if (warnings.isEmpty()) {
            return null;
        }
        OperationOutcome outcome = new OperationOutcome();
        warnings.forEach(warning -> outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.WARNING)
                .setCode(OperationOutcome.IssueType.BUSINESSRULE)
                .setDiagnostics(warning));
        return outcome;
    }

    /** This write as an entry of a transaction- or batch-response: status, location and version, warnings. */
    public Bundle.BundleEntryComponent responseEntry() {
        IdType id = resource.getIdElement();
        Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent()
                .setFullUrl(id.toUnqualifiedVersionless().getValue());
        entry.getResponse()
                .setStatus(created ? "201 Created" : "200 OK")
                .setLocation(id.toUnqualified().getValue())
                .setEtag("W/\"" + id.getVersionIdPart() + "\"")
                .setLastModified(resource.getMeta().getLastUpdated())
                .setOutcome(warningOutcome());
        return entry;
    }
}
