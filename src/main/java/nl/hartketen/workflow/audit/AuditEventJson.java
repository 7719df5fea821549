package nl.hartketen.workflow.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import nl.hartketen.application.access.Caller;
import nl.hartketen.domain.shared.Identifier;
import nl.hartketen.domain.shared.Role;

/**
 * An access as the AuditEvent JSON that the audit trail stores (IHE BALP's RESTful shape), written straight from the
 * caller and the access. Every request writes one, so it is not built as a HAPI resource and encoded: that took a
 * third of a read's time. The shape is fixed; HAPI parses it strictly when an AuditEvent is read.
 */
final class AuditEventJson {

    private static final String ROLE_SYSTEM = "https://hartketen.nl/fhir/CodeSystem/role";
    private static final String INTERACTION_SYSTEM = "http://hl7.org/fhir/restful-interaction";
    private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private static final JsonFactory JSON = new JsonFactory();

    private AuditEventJson() {}

    static String write(Caller caller, Access access, Instant recorded) {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("resourceType", "AuditEvent");
            json.writeFieldName("type");
            coding(json, "http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation");
            json.writeArrayFieldStart("subtype");
            coding(json, INTERACTION_SYSTEM, access.interaction(), access.operation());
            json.writeEndArray();
            json.writeStringField("action", access.action());
            json.writeStringField("recorded", DateTimeFormatter.ISO_INSTANT.format(recorded));
            json.writeStringField("outcome", access.outcome().code());
            text(json, "outcomeDesc", access.detail());
            json.writeArrayFieldStart("agent");
            user(json, caller);
            if (caller.organization() != null || caller.organizationId() != null) {
                organization(json, caller);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("source");
            json.writeStringField("site", "Hartketen");
            json.writeObjectFieldStart("observer");
            json.writeStringField("display", "Hartketen");
            json.writeEndObject();
            json.writeArrayFieldStart("type");
            coding(json, "http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server");
            json.writeEndArray();
            json.writeEndObject();
            if (!access.patients().isEmpty() || !access.resources().isEmpty() || present(access.query())) {
                json.writeArrayFieldStart("entity");
                for (String patient : access.patients()) {
                    entity(json, patient, "1", "Person", "1", "Patient");
                }
                for (String resource : access.resources()) {
                    entity(json, resource, "2", "System Object", "4", "Domain Resource");
                }
                if (present(access.query())) {
                    json.writeStartObject();
                    json.writeFieldName("type");
                    coding(json, ENTITY_TYPE, "2", "System Object");
                    json.writeFieldName("role");
                    coding(json, OBJECT_ROLE, "24", "Query");
                    json.writeStringField("description", access.query());
                    json.writeFieldName("query");
                    json.writeBinary(access.query().getBytes(StandardCharsets.UTF_8));
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void user(JsonGenerator json, Caller caller) throws IOException {
        json.writeStartObject();
        json.writeFieldName("type");
        if (caller.role() == Role.MONITORING_PLATFORM) {
            // a system sending on its own, not a person
            concept(json, "http://dicom.nema.org/resources/ontology/DCM", "110150", "Application");
        } else {
            concept(json, "http://terminology.hl7.org/CodeSystem/extra-security-role-type", "humanuser", "human user");
        }
        json.writeArrayFieldStart("role");
        concept(json, ROLE_SYSTEM, caller.role().name().toLowerCase(Locale.ROOT).replace('_', '-'), null);
        json.writeEndArray();
        json.writeObjectFieldStart("who");
        text(json, "reference", caller.practitioner());
        identifier(json, caller.practitionerId());
        text(json, "display", caller.name());
        json.writeEndObject();
        text(json, "altId", caller.subject());
        text(json, "name", caller.name());
        json.writeBooleanField("requestor", true);
        if (present(caller.address())) {
            json.writeObjectFieldStart("network");
            json.writeStringField("address", caller.address());
            json.writeStringField("type", "2");
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    /** The organization the user acts for: "on whose behalf". */
    private static void organization(JsonGenerator json, Caller caller) throws IOException {
        json.writeStartObject();
        json.writeFieldName("type");
        concept(json, "http://terminology.hl7.org/CodeSystem/v3-RoleClass", "PROV", "healthcare provider");
        json.writeObjectFieldStart("who");
        text(json, "reference", caller.organization());
        identifier(json, caller.organizationId());
        json.writeEndObject();
        json.writeBooleanField("requestor", false);
        json.writeEndObject();
    }

    private static void entity(
            JsonGenerator json, String reference, String type, String typeDisplay, String role, String roleDisplay)
            throws IOException {
        json.writeStartObject();
        json.writeObjectFieldStart("what");
        json.writeStringField("reference", reference);
        json.writeEndObject();
        json.writeFieldName("type");
        coding(json, ENTITY_TYPE, type, typeDisplay);
        json.writeFieldName("role");
        coding(json, OBJECT_ROLE, role, roleDisplay);
        json.writeEndObject();
    }

    private static void identifier(JsonGenerator json, Identifier identifier) throws IOException {
        if (identifier != null) {
            json.writeObjectFieldStart("identifier");
            json.writeStringField("system", identifier.system());
            json.writeStringField("value", identifier.value());
            json.writeEndObject();
        }
    }

    private static void concept(JsonGenerator json, String system, String code, String display) throws IOException {
        json.writeStartObject();
        json.writeArrayFieldStart("coding");
        coding(json, system, code, display);
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void coding(JsonGenerator json, String system, String code, String display) throws IOException {
        json.writeStartObject();
        json.writeStringField("system", system);
        json.writeStringField("code", code);
        text(json, "display", display);
        json.writeEndObject();
    }

    /** FHIR has no empty strings: a blank value is left out, as HAPI's encoder leaves it out. */
    private static void text(JsonGenerator json, String field, String value) throws IOException {
        if (present(value)) {
            json.writeStringField(field, value);
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
