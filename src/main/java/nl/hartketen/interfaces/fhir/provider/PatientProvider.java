package nl.hartketen.interfaces.fhir.provider;

import java.util.List;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

import nl.hartketen.application.SearchQuery;
import nl.hartketen.application.access.AccessControl;
import nl.hartketen.interfaces.fhir.RequestCaller;
import nl.hartketen.workflow.resource.ResourceReader;
import nl.hartketen.workflow.write.ResourceWriter;
import nl.hartketen.workflow.chain.Journeys;
import nl.hartketen.workflow.search.SearchParameters;

/**
 * Patients, plus {@code $journey} (see {@link Journeys}) and {@code $access-log}: who accessed this patient's data, as the law lets a patient ask (Wabvpz,
 * NEN 7513): for each access the organization, the user and their role, what was done, when and how it ended.
 */
public class PatientProvider extends StoredResourceProvider<Patient> {

    /** The newest entries shown; older ones stay in the audit trail. */
    static final int ACCESS_LOG_LIMIT = 1000;

    private final AccessControl access;
    private final Journeys journeys;

    public PatientProvider(ResourceReader reader, ResourceWriter writer, SearchParameters searchParameters, RequestCaller callers,
                           AccessControl access, Journeys journeys) {
        super(Patient.class, reader, writer, searchParameters, callers);
        this.access = access;
        this.journeys = journeys;
    }

    /** The patient's way along the chain: per episode, where they were, from when to when, and what happened. */
    @Operation(name = "$journey", idempotent = true)
    public Parameters journey(@IdParam IdType id, RequestDetails request) {
        return journeys.journey(id.getIdPart(), callers.of(request));
    }

    @Operation(name = "$access-log", idempotent = true)
    public Bundle accessLog(@IdParam IdType id, RequestDetails request) {
        String patient = "Patient/" + id.getIdPart();
        access.requireMayReadAccessLog(callers.of(request), id.getIdPart());
        SearchQuery query = new SearchQuery("AuditEvent", List.of(new SearchQuery.Criterion("patient",
                List.of(new SearchQuery.ReferenceMatch(patient)))), SearchQuery.Sort.LAST_UPDATED_DESCENDING);
        Bundle log = new Bundle().setType(Bundle.BundleType.COLLECTION);
        for (Resource entry : reader.search(query, 0, ACCESS_LOG_LIMIT)) {
            log.addEntry().setResource(aboutThisPatient((AuditEvent) entry, patient));
        }
        return log;
    }

    /**
     * The entry as the patient may see it: who, for which organization, what and when; not the other patients or
     * records a search also touched, nor the user's network address.
     */
    private static AuditEvent aboutThisPatient(AuditEvent event, String patient) {
        AuditEvent shown = event.copy();
        shown.getEntity().removeIf(entity -> !patient.equals(entity.getWhat().getReference()));
        shown.getAgent().forEach(agent -> agent.setNetwork(null));
        return shown;
    }
}
