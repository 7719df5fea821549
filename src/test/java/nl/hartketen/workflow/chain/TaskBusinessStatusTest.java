package nl.hartketen.workflow.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.context.FhirContext;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import nl.hartketen.domain.chain.ChainStep;
import nl.hartketen.domain.consult.ConsultStep;
import nl.hartketen.domain.monitoring.AlertHandling;
import nl.hartketen.domain.referral.TaskStep;
import nl.hartketen.workflow.validation.ConformanceResources;
import org.hl7.fhir.r4.model.CodeSystem;
import org.junit.jupiter.api.Test;

/**
 * The business statuses of Tasks (every chain and consult step the server writes, and what a monitoring team says it
 * did about an alert) are the codes of the CodeSystem we ship, with its displays.
 */
class TaskBusinessStatusTest {

    @Test
    void theStepsAreTheShippedCodeSystemWithItsDisplays() {
        CodeSystem shipped = ConformanceResources.load(
                FhirContext.forR4Cached(), "terminology/CodeSystem-task-business-status.json", CodeSystem.class);
        assertEquals(TaskSteps.BUSINESS_STATUS_SYSTEM, shipped.getUrl());
        Map<String, String> codeSystem = new TreeMap<>();
        shipped.getConcept().forEach(concept -> codeSystem.put(concept.getCode(), concept.getDisplay()));

        Map<String, String> written = new TreeMap<>();
        Stream.<TaskStep>concat(Stream.of(ChainStep.values()), Stream.of(ConsultStep.values()))
                .forEach(step -> {
                    String other = written.put(step.code(), step.display());
                    assertEquals(
                            other == null ? step.display() : other, step.display(), "one display for " + step.code());
                });

        for (AlertHandling.Action action : AlertHandling.Action.values()) {
            assertEquals(null, written.put(action.code(), action.display()), "an alert's action is no step");
        }

        assertEquals(codeSystem, written);
    }
}
