package nl.hartketen.workflow.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import nl.hartketen.application.access.AccessControl;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.audit.AuditLog;
import nl.hartketen.application.audit.ChainCheck;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.workflow.resource.ResourceReader;
import org.hl7.fhir.r4.model.AuditEvent;

/** The audit trail as people read it: a patient's access log, and the check of the hash chain. */
@ApplicationScoped
public class AuditTrailReader {

    /** The newest entries shown in an access log; older ones stay in the audit trail. */
    private static final int ACCESS_LOG_LIMIT = 1000;

    private ResourceReader reader;
    private AccessControl access;
    private AuditLog log;

    protected AuditTrailReader() {}

    @Inject
    public AuditTrailReader(ResourceReader reader, AccessControl access, AuditLog log) {
        this.reader = reader;
        this.access = access;
        this.log = log;
    }

    /**
     * Who accessed this patient's data, as the law lets a patient ask (Wabvpz, NEN 7513), newest first: for each access
     * the organization, the user and their role, what was done, when and how it ended; not the other patients or
     * records a search also touched, nor the user's network address.
     */
    public List<AuditEvent> accessLog(String patientId, Caller caller) {
        String patient = "Patient/" + patientId;
        access.requireMayReadAccessLog(caller, patientId);
        SearchQuery query = new SearchQuery(
                "AuditEvent",
                List.of(new SearchQuery.Criterion("patient", List.of(new SearchQuery.ReferenceMatch(patient)))),
                SearchQuery.Sort.LAST_UPDATED_DESCENDING);
        return reader.search(query, ACCESS_LOG_LIMIT).stream()
                .map(entry -> aboutThisPatient((AuditEvent) entry, patient))
                .toList();
    }

    /** Recomputes the hash chain: whether any entry was changed, removed or slipped in. */
    public ChainCheck verifyChain(Caller caller) {
        access.requireMayCheckAuditTrail(caller);
        return log.verify();
    }

    private static AuditEvent aboutThisPatient(AuditEvent event, String patient) {
        AuditEvent shown = event.copy();
        shown.getEntity().removeIf(entity -> !patient.equals(entity.getWhat().getReference()));
        shown.getAgent().forEach(agent -> agent.setNetwork(null));
        return shown;
    }
}
