package nl.hartketen.interfaces.fhir.provider;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import nl.hartketen.workflow.audit.AuditTrailReader;
import nl.hartketen.workflow.chain.Journeys;
import nl.hartketen.workflow.resource.ResourceReader;
import nl.hartketen.workflow.search.SearchParameters;
import nl.hartketen.workflow.write.ResourceWriter;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;

/**
 * Patients, plus {@code $journey} (see {@link Journeys}) and {@code $access-log} (see {@link AuditTrailReader#accessLog}): who accessed this patient's data, as the law lets a patient ask (Wabvpz,
 * NEN 7513): for each access the organization, the user and their role, what was done, when and how it ended.
 */
public class PatientProvider extends StoredResourceProvider<Patient> {

    private final AuditTrailReader auditTrail;
    private final Journeys journeys;

    public PatientProvider(
            ResourceReader reader,
            ResourceWriter writer,
            SearchParameters searchParameters,
            RequestCaller callers,
            AuditTrailReader auditTrail,
            Journeys journeys) {
        super(Patient.class, reader, writer, searchParameters, callers);
        this.auditTrail = auditTrail;
        this.journeys = journeys;
    }

    /** The patient's way along the chain: per episode, where they were, from when to when, and what happened. */
    @Operation(name = "$journey", idempotent = true)
    public Parameters journey(@IdParam IdType id, RequestDetails request) {
        return journeys.journey(id.getIdPart(), callers.of(request));
    }

    @Operation(name = "$access-log", idempotent = true)
    public Bundle accessLog(@IdParam IdType id, RequestDetails request) {
        Bundle log = new Bundle().setType(Bundle.BundleType.COLLECTION);
        auditTrail
                .accessLog(id.getIdPart(), callers.of(request))
                .forEach(entry -> log.addEntry().setResource(entry));
        return log;
    }
}
