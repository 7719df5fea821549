package nl.hartketen.workflow.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.OrganizationAffiliation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

import nl.hartketen.application.IndexEntry;

/**
 * The search parameters we support, per resource type: what each is called, what kind it is, and how its
 * values are taken from a resource. The one source for indexing, for parsing searches and for the
 * CapabilityStatement, so the three cannot disagree.
 */
public final class SearchParameters {

    public enum Kind { TOKEN, STRING, REFERENCE, DATE }

    /** {@code targetType}: for references, the type a bare id ("subject=123") refers to. */
    public record Definition(String name, Kind kind, String description, String targetType,
                             Function<Resource, List<IndexEntry>> extractor) {
    }

    private final Map<String, Map<String, Definition>> byType = new LinkedHashMap<>();
    /** Per type, the reference search parameters _include may follow and the element each one reads. */
    private final Map<String, Map<String, String>> includes = new LinkedHashMap<>();

    public SearchParameters() {
        define(Patient.class)
                .token("identifier", "A patient identifier, e.g. http://fhir.nl/fhir/NamingSystem/bsn|999999990",
                        p -> identifiers("identifier", p.getIdentifier()))
                .string("family", "A portion of the family name", p -> names("family", p.getName(), Part.FAMILY))
                .string("given", "A portion of a given name", p -> names("given", p.getName(), Part.GIVEN))
                .string("name", "A portion of any part of the name", p -> names("name", p.getName(), Part.ANY))
                .date("birthdate", "The patient's date of birth", p -> date("birthdate", p.getBirthDateElement()))
                .token("gender", "Gender (administrative-gender)", p -> code("gender", p.getGenderElement()));
        define(Organization.class)
                .token("identifier", "An organization identifier (AGB, URA)", o -> identifiers("identifier", o.getIdentifier()))
                .string("name", "A portion of the organization's name or alias", o -> {
                    List<IndexEntry> entries = new ArrayList<>();
                    if (o.hasName()) {
                        entries.add(IndexEntry.string("name", o.getName()));
                    }
                    o.getAlias().forEach(alias -> entries.add(IndexEntry.string("name", alias.getValue())));
                    return entries;
                })
                .token("type", "The kind of organization", o -> concepts("type", o.getType()))
                .reference("partof", "The organization it is part of", "Organization", o -> references("partof", o.getPartOf()));
        define(Practitioner.class)
                .token("identifier", "A practitioner identifier (AGB, BIG, UZI)", p -> identifiers("identifier", p.getIdentifier()))
                .string("name", "A portion of any part of the name", p -> names("name", p.getName(), Part.ANY))
                .string("family", "A portion of the family name", p -> names("family", p.getName(), Part.FAMILY))
                .string("given", "A portion of a given name", p -> names("given", p.getName(), Part.GIVEN));
        define(PractitionerRole.class)
                .token("identifier", "A practitioner role identifier", r -> identifiers("identifier", r.getIdentifier()))
                .reference("practitioner", "The practitioner", "Practitioner", r -> references("practitioner", r.getPractitioner()))
                .reference("organization", "The organization the practitioner works for", "Organization",
                        r -> references("organization", r.getOrganization()))
                .token("role", "The role the practitioner plays", r -> concepts("role", r.getCode()))
                .include("practitioner", "practitioner").include("organization", "organization");
        define(ServiceRequest.class)
                .token("identifier", "The referral number or another business identifier", r -> identifiers("identifier", r.getIdentifier()))
                .reference("subject", "The patient the request is about", "Patient", r -> references("subject", r.getSubject()))
                .reference("patient", "The patient the request is about", "Patient", r -> patient("patient", r.getSubject()))
                .reference("requester", "Who sent the request", "Practitioner", r -> references("requester", r.getRequester()))
                .reference("performer", "Who is asked to act", "Organization", r -> references("performer", r.getPerformer().toArray(new Reference[0])))
                .reference("based-on", "The request this one follows from", "ServiceRequest",
                        r -> references("based-on", r.getBasedOn().toArray(new Reference[0])))
                .token("status", "draft | active | on-hold | revoked | completed | entered-in-error | unknown",
                        r -> code("status", r.getStatusElement()))
                .token("intent", "proposal | plan | order …", r -> code("intent", r.getIntentElement()))
                .token("priority", "routine | urgent | asap | stat", r -> code("priority", r.getPriorityElement()))
                .token("category", "referral | meekijkconsult | back-referral | telediagnostics | procedure (or SNOMED 3457005)",
                        r -> concepts("category", r.getCategory()))
                .token("code", "What is requested", r -> concepts("code", List.of(r.getCode())))
                .date("authored", "When the request was sent", r -> date("authored", r.getAuthoredOnElement()))
                .include("subject", "subject").include("requester", "requester").include("performer", "performer")
                .include("based-on", "basedOn");
        define(Task.class)
                .token("identifier", "A task identifier", t -> identifiers("identifier", t.getIdentifier()))
                .reference("focus", "The request the task works on", "ServiceRequest", t -> references("focus", t.getFocus()))
                .reference("owner", "Who does the work", "Organization", t -> references("owner", t.getOwner()))
                .reference("requester", "Who asked for the work", "Practitioner", t -> references("requester", t.getRequester()))
                .reference("patient", "The patient", "Patient", t -> patient("patient", t.getFor()))
                .reference("subject", "Whom the task is for", "Patient", t -> references("subject", t.getFor()))
                .reference("based-on", "The request the task fulfils", "ServiceRequest",
                        t -> references("based-on", t.getBasedOn().toArray(new Reference[0])))
                .token("status", "requested | received | accepted | rejected | in-progress | on-hold | completed …",
                        t -> code("status", t.getStatusElement()))
                .token("business-status", "Our finer steps: appointment-scheduled, seen, referred-back …",
                        t -> concepts("business-status", List.of(t.getBusinessStatus())))
                .date("authored-on", "When the task was created", t -> date("authored-on", t.getAuthoredOnElement()))
                .date("due", "When the work is due (restriction.period.end): a meekijkconsult's answer",
                        t -> t.getRestriction().getPeriod().hasEnd() ? date("due", t.getRestriction().getPeriod().getEndElement()) : List.of())
                .include("focus", "focus").include("owner", "owner").include("subject", "for").include("patient", "for");
        define(OrganizationAffiliation.class)
                .reference("primary-organization", "The network (the organization the membership is with)", "Organization",
                        a -> references("primary-organization", a.getOrganization()))
                .reference("participating-organization", "The member", "Organization",
                        a -> references("participating-organization", a.getParticipatingOrganization()))
                .reference("network", "The network the membership is in", "Organization",
                        a -> references("network", a.getNetwork().toArray(new Reference[0])))
                .token("role", "gp-practice | regional-hospital | heart-centre", a -> concepts("role", a.getCode()))
                .token("active", "Whether the membership is active", a -> bool("active", a.getActiveElement()))
                .include("primary-organization", "organization").include("participating-organization", "participatingOrganization");
        define(HealthcareService.class)
                .reference("organization", "The organization that offers the service", "Organization",
                        h -> references("organization", h.getProvidedBy()))
                .token("service-type", "The service (our cardiology-service codes or SNOMED CT)", h -> concepts("service-type", h.getType()))
                .reference("location", "Where the service is offered", "Location",
                        h -> references("location", h.getLocation().toArray(new Reference[0])))
                .string("name", "A portion of the service's name", h -> h.hasName() ? List.of(IndexEntry.string("name", h.getName())) : List.of())
                .token("active", "Whether the service is offered now", h -> bool("active", h.getActiveElement()))
                .include("organization", "providedBy").include("location", "location");
        define(Location.class)
                .reference("organization", "The organization the site belongs to", "Organization",
                        l -> references("organization", l.getManagingOrganization()))
                .string("name", "A portion of the site's name", l -> l.hasName() ? List.of(IndexEntry.string("name", l.getName())) : List.of())
                .string("address-city", "The city", l -> l.getAddress().hasCity() ? List.of(IndexEntry.string("address-city", l.getAddress().getCity())) : List.of())
                .token("status", "active | suspended | inactive", l -> code("status", l.getStatusElement()))
                .include("organization", "managingOrganization");
        define(PlanDefinition.class)
                .token("url", "The care path's canonical URL", p -> p.hasUrl() ? List.of(IndexEntry.token("url", null, p.getUrl())) : List.of())
                .string("title", "A portion of the title", p -> p.hasTitle() ? List.of(IndexEntry.string("title", p.getTitle())) : List.of())
                .token("status", "draft | active | retired | unknown", p -> code("status", p.getStatusElement()));
        define(Appointment.class)
                .reference("based-on", "The referral the appointment is for", "ServiceRequest",
                        a -> references("based-on", a.getBasedOn().toArray(new Reference[0])))
                .reference("patient", "The patient", "Patient", a -> references("patient", a.getParticipant().stream()
                        .map(Appointment.AppointmentParticipantComponent::getActor)
                        .filter(actor -> actor.hasReference() && actor.getReference().startsWith("Patient/")).toArray(Reference[]::new)))
                .token("status", "proposed | pending | booked | arrived | fulfilled | cancelled | noshow …", a -> code("status", a.getStatusElement()))
                .date("date", "When the appointment starts", a -> date("date", a.getStartElement()))
                .include("based-on", "basedOn");
        define(Procedure.class)
                .reference("based-on", "The procedure request it carries out", "ServiceRequest",
                        r -> references("based-on", r.getBasedOn().toArray(new Reference[0])))
                .reference("subject", "The patient", "Patient", r -> references("subject", r.getSubject()))
                .reference("patient", "The patient", "Patient", r -> patient("patient", r.getSubject()))
                .token("status", "preparation | in-progress | completed | not-done …", r -> code("status", r.getStatusElement()))
                .token("code", "What was done", r -> concepts("code", List.of(r.getCode())))
                .date("date", "When it was performed", r -> r.hasPerformedDateTimeType() ? date("date", r.getPerformedDateTimeType())
                        : r.hasPerformedPeriod() && r.getPerformedPeriod().hasStart() ? date("date", r.getPerformedPeriod().getStartElement()) : List.of())
                .include("based-on", "basedOn");
        define(EpisodeOfCare.class)
                .reference("patient", "The patient", "Patient", e -> references("patient", e.getPatient()))
                .reference("organization", "Where the patient is now", "Organization", e -> references("organization", e.getManagingOrganization()))
                .token("status", "active | finished …", e -> code("status", e.getStatusElement()))
                .token("type", "The care path (https://hartketen.nl/fhir/CodeSystem/care-path|chest-pain …)", e -> concepts("type", e.getType()))
                .reference("incoming-referral", "A request of the episode's chain", "ServiceRequest",
                        e -> references("incoming-referral", e.getReferralRequest().toArray(new Reference[0])))
                .date("date", "When the episode began", e -> e.getPeriod().hasStart() ? date("date", e.getPeriod().getStartElement()) : List.of())
                .include("patient", "patient").include("organization", "managingOrganization");
        define(DocumentReference.class)
                .reference("subject", "The patient the document is about", "Patient", d -> references("subject", d.getSubject()))
                .reference("patient", "The patient the document is about", "Patient", d -> patient("patient", d.getSubject()))
                .token("type", "The kind of document (e.g. LOINC 57133-1 referral note)", d -> concepts("type", List.of(d.getType())))
                .token("status", "current | superseded | entered-in-error", d -> code("status", d.getStatusElement()))
                .date("date", "When the document was made", d -> date("date", d.getDateElement()));
        define(Communication.class)
                .reference("based-on", "The meekijkconsult the message belongs to", "ServiceRequest",
                        c -> references("based-on", c.getBasedOn().toArray(new Reference[0])))
                .reference("subject", "The patient", "Patient", c -> references("subject", c.getSubject()))
                .reference("patient", "The patient", "Patient", c -> patient("patient", c.getSubject()))
                .reference("sender", "Who sent the message", "Organization", c -> references("sender", c.getSender()))
                .reference("recipient", "To whom", "Organization", c -> references("recipient", c.getRecipient().toArray(new Reference[0])))
                .token("category", "question | answer | information-request | information", c -> concepts("category", c.getCategory()))
                .date("sent", "When it was sent", c -> date("sent", c.getSentElement()))
                .include("based-on", "basedOn");
        define(DiagnosticReport.class)
                .reference("based-on", "The telediagnostics request it reports on", "ServiceRequest",
                        d -> references("based-on", d.getBasedOn().toArray(new Reference[0])))
                .reference("subject", "The patient", "Patient", d -> references("subject", d.getSubject()))
                .reference("patient", "The patient", "Patient", d -> patient("patient", d.getSubject()))
                .token("status", "registered | preliminary | final | amended …", d -> code("status", d.getStatusElement()))
                .token("code", "The test (echo, holter, CT coronary)", d -> concepts("code", List.of(d.getCode())))
                .date("issued", "When the report was issued", d -> d.hasIssuedElement() ? date("issued", d.getIssuedElement()) : List.of())
                .include("based-on", "basedOn");
        define(AuditEvent.class)
                .date("date", "When the access happened", e -> date("date", e.getRecordedElement()))
                .reference("patient", "A patient whose data was accessed", "Patient", e -> references("patient",
                        e.getEntity().stream().map(AuditEvent.AuditEventEntityComponent::getWhat)
                                .filter(what -> what.getReference() != null && what.getReference().startsWith("Patient/"))
                                .toArray(Reference[]::new)))
                .reference("entity", "A resource that was accessed", null, e -> references("entity",
                        e.getEntity().stream().map(AuditEvent.AuditEventEntityComponent::getWhat).toArray(Reference[]::new)))
                .reference("agent", "The practitioner or organization that acted", "Practitioner", e -> references("agent",
                        e.getAgent().stream().map(AuditEvent.AuditEventAgentComponent::getWho).toArray(Reference[]::new)))
                .token("altid", "The user's id at the identity provider", e -> e.getAgent().stream()
                        .filter(agent -> agent.hasAltId()).map(agent -> IndexEntry.token("altid", null, agent.getAltId())).toList())
                .token("action", "C | R | U | D | E", e -> code("action", e.getActionElement()))
                .token("outcome", "0 success | 4 minor failure | 8 serious failure", e -> code("outcome", e.getOutcomeElement()))
                .token("subtype", "The interaction: read, vread, search-type, create, update, history-instance, operation",
                        e -> e.getSubtype().stream().map(coding -> IndexEntry.token("subtype", coding.getSystem(), coding.getCode())).toList());
    }

    public Collection<Definition> forType(String type) {
        return byType.getOrDefault(type, Map.of()).values();
    }

    public Optional<Definition> find(String type, String name) {
        return Optional.ofNullable(byType.getOrDefault(type, Map.of()).get(name));
    }

    /** The search parameters of {@code type} that _include may follow ({@code _include=Task:owner}). */
    public Set<String> includes(String type) {
        return includes.getOrDefault(type, Map.of()).keySet();
    }

    /** The reference element an _include parameter follows, e.g. Task:subject follows Task.for. */
    public Optional<String> includedElement(String type, String parameter) {
        return Optional.ofNullable(includes.getOrDefault(type, Map.of()).get(parameter));
    }

    /** Everything of this resource that can be searched for. */
    public List<IndexEntry> index(Resource resource) {
        List<IndexEntry> entries = new ArrayList<>();
        for (Definition definition : forType(resource.fhirType())) {
            entries.addAll(definition.extractor().apply(resource));
        }
        return entries;
    }

    private <T extends Resource> Builder<T> define(Class<T> type) {
        return new Builder<>(type);
    }

    private final class Builder<T extends Resource> {
        private final Class<T> type;
        private final Map<String, Definition> definitions = new LinkedHashMap<>();

        Builder(Class<T> type) {
            this.type = type;
            byType.put(type.getSimpleName(), definitions);
        }

        Builder<T> token(String name, String description, Function<T, List<IndexEntry>> extractor) {
            return add(name, Kind.TOKEN, description, null, extractor);
        }

        Builder<T> string(String name, String description, Function<T, List<IndexEntry>> extractor) {
            return add(name, Kind.STRING, description, null, extractor);
        }

        Builder<T> reference(String name, String description, String targetType, Function<T, List<IndexEntry>> extractor) {
            return add(name, Kind.REFERENCE, description, targetType, extractor);
        }

        Builder<T> date(String name, String description, Function<T, List<IndexEntry>> extractor) {
            return add(name, Kind.DATE, description, null, extractor);
        }

        Builder<T> include(String parameter, String element) {
            includes.computeIfAbsent(type.getSimpleName(), ignored -> new LinkedHashMap<>()).put(parameter, element);
            return this;
        }

        private Builder<T> add(String name, Kind kind, String description, String targetType, Function<T, List<IndexEntry>> extractor) {
            definitions.put(name, new Definition(name, kind, description, targetType, resource -> extractor.apply(type.cast(resource))));
            return this;
        }
    }

    private enum Part { FAMILY, GIVEN, ANY }

    private static List<IndexEntry> identifiers(String param, List<Identifier> identifiers) {
        return identifiers.stream().filter(Identifier::hasValue)
                .map(i -> IndexEntry.token(param, i.hasSystem() ? i.getSystem() : null, i.getValue())).toList();
    }

    private static List<IndexEntry> concepts(String param, List<CodeableConcept> concepts) {
        List<IndexEntry> entries = new ArrayList<>();
        for (CodeableConcept concept : concepts) {
            for (Coding coding : concept.getCoding()) {
                if (coding.hasCode()) {
                    entries.add(IndexEntry.token(param, coding.hasSystem() ? coding.getSystem() : null, coding.getCode()));
                }
            }
        }
        return entries;
    }

    private static List<IndexEntry> code(String param, Enumeration<?> code) {
        return code.hasValue() ? List.of(IndexEntry.token(param, code.getSystem(), code.getValueAsString())) : List.of();
    }

    private static List<IndexEntry> names(String param, List<HumanName> names, Part part) {
        List<IndexEntry> entries = new ArrayList<>();
        for (HumanName name : names) {
            if (part != Part.GIVEN && name.hasFamily()) {
                entries.add(IndexEntry.string(param, name.getFamily()));
            }
            if (part != Part.FAMILY) {
                name.getGiven().forEach(given -> entries.add(IndexEntry.string(param, given.getValue())));
            }
            if (part == Part.ANY && name.hasText()) {
                entries.add(IndexEntry.string(param, name.getText()));
            }
        }
        return entries;
    }

    private static List<IndexEntry> bool(String param, BooleanType value) {
        return value.hasValue() ? List.of(IndexEntry.token(param, null, value.getValueAsString())) : List.of();
    }

    private static List<IndexEntry> date(String param, BaseDateTimeType value) {
        if (!value.hasValue()) {
            return List.of();
        }
        DateRange range = DateRange.parse(value.getValueAsString());
        return List.of(IndexEntry.date(param, range.low(), range.high()));
    }

    private static List<IndexEntry> references(String param, Reference... references) {
        List<IndexEntry> entries = new ArrayList<>();
        for (Reference reference : references) {
            References.relative(reference).ifPresent(value -> entries.add(IndexEntry.reference(param, value)));
        }
        return entries;
    }

    private static List<IndexEntry> references(String param, Reference reference) {
        return references(param, new Reference[] {reference});
    }

    private static List<IndexEntry> patient(String param, Reference reference) {
        return References.relative(reference).filter(value -> value.startsWith("Patient/"))
                .map(value -> List.of(IndexEntry.reference(param, value))).orElse(List.of());
    }
}
