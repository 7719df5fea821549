package nl.hartketen.workflow.check;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nl.hartketen.domain.shared.RuleViolation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

class StorableTextTest {

    private final StorableText check = new StorableText(FhirContext.forR4Cached());

    private RuleViolation refusal(org.hl7.fhir.r4.model.Resource resource) {
        return assertThrows(RuleViolation.class, () -> check.check(resource));
    }

    @Test
    void valuesLongerThanTheirColumnAreRefusedWithTheirElement() {
        ServiceRequest request = new ServiceRequest();
        request.addIdentifier().setSystem("urn:a").setValue("x".repeat(256));
        RuleViolation tooLong = refusal(request);
        assertEquals("ServiceRequest.identifier[0].value", tooLong.location());
        assertTrue(tooLong.getMessage().contains("256 characters long; at most 255"), tooLong.getMessage());

        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:" + "s".repeat(300)).setValue("1");
        assertEquals("Patient.identifier[0].system", refusal(patient).location());

        Task task = new Task();
        task.setBusinessStatus(new CodeableConcept().setText("b".repeat(65)));
        assertEquals("Task.businessStatus.text", refusal(task).location());

        ServiceRequest coded = new ServiceRequest();
        coded.setCode(new CodeableConcept(new Coding("urn:s", "c".repeat(65), null)));
        assertEquals("ServiceRequest.code.coding[0].code", refusal(coded).location());
    }

    @Test
    void textThatCannotBeStoredAsSentIsRefusedWhereverItIs() {
        Patient patient = new Patient();
        patient.addName().setFamily("a\u0000b");
        assertEquals("Patient.name[0].family", refusal(patient).location());

        Patient surrogate = new Patient();
        surrogate.addName().addGiven("ok").addGiven("x\uD800");
        assertEquals("Patient.name[0].given[1]", refusal(surrogate).location());

        Patient inExtension = new Patient();
        inExtension.addExtension("urn:e", new StringType("\u0001"));
        assertEquals("Patient.extension[0].valueString", refusal(inExtension).location());

        Patient onPrimitive = new Patient();
        onPrimitive.addName().getFamilyElement().setValue("Boer").addExtension("urn:e", new StringType("\u0002"));
        assertEquals(
                "Patient.name[0].family.extension[0].valueString",
                refusal(onPrimitive).location());
    }

    @Test
    void ordinaryResourcesPass() {
        Patient patient = new Patient();
        patient.addIdentifier()
                .setSystem("http://fhir.nl/fhir/NamingSystem/bsn")
                .setValue("999999990");
        patient.addName().setFamily("Ölçü").addGiven("Jan\tde");
        assertDoesNotThrow(() -> check.check(patient));
    }

    /** The limits are those of the columns the values go to, as the migrations create them. */
    @Test
    void theLimitsAreTheColumnsOfTheMigrations() throws IOException {
        String schema;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            schema = files.sorted().map(StorableTextTest::read).collect(Collectors.joining("\n"));
        }
        for (StorableText.Column column : StorableText.COLUMNS) {
            String table = column.name().substring(0, column.name().indexOf('.'));
            String name = column.name().substring(column.name().indexOf('.') + 1);
            Matcher definition =
                    Pattern.compile("(?s)TABLE " + table + " \\((.*?)\\);").matcher(schema);
            Matcher added = Pattern.compile("ALTER TABLE " + table + " ADD COLUMN " + name + " VARCHAR\\((\\d+)\\)")
                    .matcher(schema);
            Integer length = null;
            while (definition.find()) {
                Matcher columnDefinition = Pattern.compile("\\b" + name + "\\s+VARCHAR\\((\\d+)\\)")
                        .matcher(definition.group(1));
                if (columnDefinition.find()) {
                    length = Integer.valueOf(columnDefinition.group(1));
                }
            }
            if (added.find()) {
                length = Integer.valueOf(added.group(1));
            }
            assertEquals(length, column.length(), column.name());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
