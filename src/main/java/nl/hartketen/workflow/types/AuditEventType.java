package nl.hartketen.workflow.types;

import static nl.hartketen.workflow.search.IndexValues.code;
import static nl.hartketen.workflow.search.IndexValues.date;
import static nl.hartketen.workflow.search.IndexValues.references;

import jakarta.enterprise.context.ApplicationScoped;
import nl.hartketen.application.storage.IndexEntry;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Reference;

/**
 * The audit trail (NEN 7513): written by the server for every access, read by administrators. Kept apart from other
 * resources (ADR 0011): these parameters are searched on the audit tables' own columns (JdbcAuditEntries), not on an
 * index built from them.
 */
@ApplicationScoped
public class AuditEventType extends StoredType<AuditEvent> {

    public AuditEventType() {
        super(AuditEvent.class);
    }

    @Override
    public void defineSearch(SearchParameters.Builder<AuditEvent> search) {
        search.date("date", "When the access happened", e -> date("date", e.getRecordedElement()))
                .reference(
                        "patient",
                        "A patient whose data was accessed",
                        "Patient",
                        e -> references(
                                "patient",
                                e.getEntity().stream()
                                        .map(AuditEvent.AuditEventEntityComponent::getWhat)
                                        .filter(what -> what.getReference() != null
                                                && what.getReference().startsWith("Patient/"))
                                        .toArray(Reference[]::new)))
                .reference(
                        "entity",
                        "A resource that was accessed",
                        null,
                        e -> references(
                                "entity",
                                e.getEntity().stream()
                                        .map(AuditEvent.AuditEventEntityComponent::getWhat)
                                        .toArray(Reference[]::new)))
                .reference(
                        "agent",
                        "The practitioner or organization that acted",
                        "Practitioner",
                        e -> references(
                                "agent",
                                e.getAgent().stream()
                                        .map(AuditEvent.AuditEventAgentComponent::getWho)
                                        .toArray(Reference[]::new)))
                .token(
                        "altid",
                        "The user's id at the identity provider",
                        e -> e.getAgent().stream()
                                .filter(agent -> agent.hasAltId())
                                .map(agent -> IndexEntry.token("altid", null, agent.getAltId()))
                                .toList())
                .token("action", "C | R | U | D | E", e -> code("action", e.getActionElement()))
                .token(
                        "outcome",
                        "0 success | 4 minor failure | 8 serious failure",
                        e -> code("outcome", e.getOutcomeElement()))
                .token(
                        "subtype",
                        "The interaction: read, vread, search-type, create, update, history-instance, operation",
                        e -> e.getSubtype().stream()
                                .map(coding -> IndexEntry.token("subtype", coding.getSystem(), coding.getCode()))
                                .toList());
    }

    /** Written only by the server ({@code AuditTrail}), never changed. */
    @Override
    public boolean writable() {
        return false;
    }
}
