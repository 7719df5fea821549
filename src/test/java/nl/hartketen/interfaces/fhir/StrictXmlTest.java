package nl.hartketen.interfaces.fhir;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class StrictXmlTest {

    private final StrictXml strict = new StrictXml();

    /** A Patient with extensions nested {@code levels} deep: one XML element per level, plus the Patient. */
    private static String nested(int levels) {
        return "<Patient xmlns=\"http://hl7.org/fhir\">" + "<extension url=\"urn:x\">".repeat(levels)
                + "<valueString value=\"deep\"/>" + "</extension>".repeat(levels) + "</Patient>";
    }

    @Test
    void xmlNestedDeeperThanTheLimitIsRefusedBeforeHapiRecursesIntoIt() {
        String message = assertThrows(
                        InvalidRequestException.class,
                        () -> strict.scan(nested(5000).getBytes(StandardCharsets.UTF_8)))
                .getMessage();
        assertTrue(message.contains("more than " + StrictJson.MAX_DEPTH + " deep"), message);
    }

    @Test
    void whatPassesTheLimitHapiParses() {
        String deepest = nested(StrictJson.MAX_DEPTH - 2);
        assertDoesNotThrow(() -> strict.scan(deepest.getBytes(StandardCharsets.UTF_8)));
        Patient patient = FhirContext.forR4Cached().newXmlParser().parseResource(Patient.class, deepest);
        assertEquals(1, patient.getExtension().size());
    }

    @Test
    void malformedXmlIsLeftToHapisParser() {
        assertDoesNotThrow(
                () -> strict.scan("<Patient xmlns=\"http://hl7.org/fhir\"><name>".getBytes(StandardCharsets.UTF_8)));
        assertDoesNotThrow(
                () -> strict.scan("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Patient>&e;</Patient>"
                        .getBytes(StandardCharsets.UTF_8)));
    }
}
