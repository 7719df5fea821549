package nl.hartketen.workflow.check;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.util.Optional;
import nl.hartketen.application.access.Caller;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.workflow.resource.ServerBase;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * What the reference check refuses before it looks anything up: types the element does not allow (by HAPI's R4
 * definitions and our profiles), names that are no type, and references it cannot resolve here. Whether a target
 * exists and may be seen is looked up in the database: see the container tests (InputTests).
 */
class ReferenceCheckTest {

    private final ReferenceCheck check =
            new ReferenceCheck(FhirContext.forR4Cached(), null, null, new ServerBase(Optional.empty()));

    private RuleViolation refusal(org.hl7.fhir.r4.model.Resource resource) {
        return assertThrows(RuleViolation.class, () -> check.check(resource, Caller.system()));
    }

    private static ServiceRequest requestAbout(String subject) {
        return new ServiceRequest().setSubject(new Reference(subject));
    }

    @Test
    void ourProfileNarrowsTheSubjectOfARequestToAPatient() {
        RuleViolation group = refusal(requestAbout("Group/x")); // base R4 allows a Group
        assertEquals("ServiceRequest.subject", group.location());
        assertTrue(group.getMessage().contains("must refer to a Patient, not to 'Group/x'"), group.getMessage());
        assertEquals(
                "ServiceRequest.subject", refusal(requestAbout("Observation/1")).location());
        assertEquals(
                "Task.focus",
                refusal(new Task().setFocus(new Reference("Patient/p"))).location());
    }

    @Test
    void baseR4RestrictsElementsOurProfilesLeaveAlone() {
        Organization organization = new Organization();
        organization.setPartOf(new Reference("Patient/p"));
        RuleViolation refused = refusal(organization);
        assertEquals("Organization.partOf", refused.location());
        assertTrue(
                refused.getMessage().contains("must refer to an Organization, not to 'Patient/p'"),
                refused.getMessage());
        ServiceRequest request = requestAbout("Patient/p");
        request.addPerformer(new Reference("Organization/o")).addPerformer(new Reference("Observation/o"));
        assertEquals("ServiceRequest.performer[1]", refusal(request).location());
    }

    @Test
    void aLookAlikeTypeIsNamedAsSuch() {
        RuleViolation refused = refusal(requestAbout("P\u0430tient/pat-de-boer"));
        assertTrue(
                refused.getMessage().contains("is not a FHIR resource type (it contains 'а', U+0430"),
                refused.getMessage());
    }

    @Test
    void whatCannotBeResolvedHereIsRefused() {
        assertTrue(refusal(requestAbout("urn:uuid:0a7c2d1e-1111-4111-8111-000000000000"))
                .getMessage()
                .contains("only resolved inside a transaction"));
        assertTrue(refusal(requestAbout("http://elsewhere.example/fhir/Patient/p1"))
                .getMessage()
                .contains("on another server"));
        assertTrue(refusal(requestAbout("Patient")).getMessage().contains("not a reference of the form Type/id"));
        assertTrue(refusal(requestAbout("Patient?identifier=x"))
                .getMessage()
                .contains("not a reference of the form Type/id"));
    }

    @Test
    void referencesInExtensionsAreCheckedToo() {
        ServiceRequest request = new ServiceRequest();
        request.addExtension(new Extension("urn:e", new Reference("Nonsense/1")));
        assertEquals(
                "ServiceRequest.extension[0].valueReference", refusal(request).location());
    }

    @Test
    void containedReferencesResolveWithinTheResource() {
        ServiceRequest request = new ServiceRequest();
        request.addContained(new Organization().setName("Elders").setId("o1"));
        request.addPerformer(new Reference("#o1"));
        assertDoesNotThrow(() -> check.check(request, Caller.system()));
        request.setSubject(new Reference("#o1"));
        assertTrue(refusal(request).getMessage().contains("must refer to a Patient"));
    }
}
