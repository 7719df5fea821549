package nl.hartketen.interfaces.fhir.stu3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.dstu3.model.Annotation;
import org.hl7.fhir.dstu3.model.CodeableConcept;
import org.hl7.fhir.dstu3.model.Coding;
import org.hl7.fhir.dstu3.model.Identifier;
import org.hl7.fhir.dstu3.model.OperationOutcome;
import org.hl7.fhir.dstu3.model.Period;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.ReferralRequest;
import org.hl7.fhir.dstu3.model.ReferralRequest.ReferralCategory;
import org.hl7.fhir.dstu3.model.ReferralRequest.ReferralPriority;
import org.hl7.fhir.dstu3.model.ReferralRequest.ReferralRequestStatus;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

class Stu3ConversionTest {

    private static final FhirContext STU3 = FhirContext.forDstu3();
    private static final FhirContext R4 = FhirContext.forR4();
    private static final String SNOMED = "http://snomed.info/sct";
    private static final String CATEGORY = "https://hartketen.nl/fhir/CodeSystem/request-category";
    private static final String CONVERSION_ALLOWED = "https://hartketen.nl/fhir/StructureDefinition/conversion-allowed";

    /** The directory of these tests: Dr. gp1 works at the practice. */
    private static final ReferralRequestMapping.Roles ROLES = new ReferralRequestMapping.Roles() {
        @Override
        public Optional<ReferralRequestMapping.Role> of(String role) {
            return "PractitionerRole/role1".equals(role)
                    ? Optional.of(new ReferralRequestMapping.Role("Practitioner/gp1", "Organization/practice"))
                    : Optional.empty();
        }

        @Override
        public Optional<String> of(String practitioner, String organization) {
            return "Practitioner/gp1".equals(practitioner) && "Organization/practice".equals(organization)
                    ? Optional.of("PractitionerRole/role1")
                    : Optional.empty();
        }
    };

    private final Stu3Conversion conversion = new Stu3Conversion(STU3, R4, ROLES);

    /** A GP's referral as an STU3 system sends it, with every element that has a place in R4. */
    private static ReferralRequest stu3Referral() {
        ReferralRequest referral = new ReferralRequest();
        referral.setId("r1");
        referral.addExtension(CONVERSION_ALLOWED, new org.hl7.fhir.dstu3.model.BooleanType(true));
        referral.addIdentifier(new Identifier()
                .setSystem("https://hartketen.nl/fhir/NamingSystem/referral")
                .setValue("HK-1"));
        referral.addBasedOn(new Reference("ReferralRequest/earlier"));
        referral.setGroupIdentifier(
                new Identifier().setSystem("urn:example:group").setValue("G-7"));
        referral.setStatus(ReferralRequestStatus.SUSPENDED);
        referral.setIntent(ReferralCategory.ORDER);
        referral.setType(new CodeableConcept(new Coding(CATEGORY, "referral", "Referral")));
        referral.setPriority(ReferralPriority.URGENT);
        referral.addServiceRequested(
                new CodeableConcept(new Coding(SNOMED, "183519002", "Referral to cardiology service")));
        referral.setSubject(new Reference("Patient/p1").setDisplay("J. Jansen"));
        referral.setContext(new Reference("Encounter/e1"));
        referral.setOccurrence(
                new Period().setStartElement(new org.hl7.fhir.dstu3.model.DateTimeType("2026-03-29T01:30:00+01:00")));
        referral.setAuthoredOnElement(new org.hl7.fhir.dstu3.model.DateTimeType("2026-03-28T09:15:00+01:00"));
        referral.getRequester().setAgent(new Reference("Practitioner/gp1"));
        referral.setSpecialty(new CodeableConcept(new Coding(SNOMED, "394579002", "Cardiology")));
        referral.addRecipient(new Reference("Organization/h1"));
        referral.addReasonCode(new CodeableConcept(new Coding(SNOMED, "29857009", "Chest pain")));
        referral.addReasonReference(new Reference("Condition/c1"));
        referral.addSupportingInfo(new Reference("DocumentReference/ecg1"));
        referral.addNote(new Annotation().setText("Pijn op de borst bij inspanning, sinds 3 weken."));
        referral.addRelevantHistory(new Reference("Provenance/v1"));
        return referral;
    }

    @Test
    void anStu3ReferralBecomesTheR4ServiceRequestElementByElement() {
        ServiceRequest request = (ServiceRequest) conversion.toR4(stu3Referral());

        assertEquals("r1", request.getIdElement().getIdPart());
        assertTrue(request.getExtensionByUrl(CONVERSION_ALLOWED)
                .getValue()
                .equalsDeep(new org.hl7.fhir.r4.model.BooleanType(true)));
        assertEquals("HK-1", request.getIdentifierFirstRep().getValue());
        assertEquals("ServiceRequest/earlier", request.getBasedOnFirstRep().getReference());
        assertEquals("G-7", request.getRequisition().getValue());
        assertEquals(ServiceRequest.ServiceRequestStatus.ONHOLD, request.getStatus());
        assertEquals(ServiceRequest.ServiceRequestIntent.ORDER, request.getIntent());
        assertEquals(
                "referral", request.getCategoryFirstRep().getCodingFirstRep().getCode());
        assertEquals(ServiceRequest.ServiceRequestPriority.URGENT, request.getPriority());
        assertEquals("183519002", request.getCode().getCodingFirstRep().getCode());
        assertEquals("Patient/p1", request.getSubject().getReference());
        assertEquals("J. Jansen", request.getSubject().getDisplay());
        assertEquals("Encounter/e1", request.getEncounter().getReference());
        assertEquals(
                "2026-03-29T01:30:00+01:00",
                request.getOccurrencePeriod().getStartElement().getValueAsString());
        assertEquals("2026-03-28T09:15:00+01:00", request.getAuthoredOnElement().getValueAsString());
        assertEquals("Practitioner/gp1", request.getRequester().getReference());
        assertEquals("394579002", request.getPerformerType().getCodingFirstRep().getCode());
        assertEquals("Organization/h1", request.getPerformerFirstRep().getReference());
        assertEquals(
                "29857009", request.getReasonCodeFirstRep().getCodingFirstRep().getCode());
        assertEquals("Condition/c1", request.getReasonReferenceFirstRep().getReference());
        assertEquals(
                "DocumentReference/ecg1", request.getSupportingInfoFirstRep().getReference());
        assertEquals(
                "Pijn op de borst bij inspanning, sinds 3 weken.",
                request.getNoteFirstRep().getText());
        assertEquals("Provenance/v1", request.getRelevantHistoryFirstRep().getReference());
    }

    @Test
    void theStoredServiceRequestIsShownAsTheSameReferral() {
        ServiceRequest stored = (ServiceRequest) conversion.toR4(stu3Referral());
        stored.setId("ServiceRequest/r1/_history/3");
        stored.setStatus(ServiceRequest.ServiceRequestStatus.REVOKED);

        ReferralRequest shown = (ReferralRequest) conversion.toStu3(stored);

        ReferralRequest expected = stu3Referral();
        expected.setStatus(ReferralRequestStatus.CANCELLED);
        assertEquals("ReferralRequest/r1/_history/3", shown.getIdElement().getValue());
        assertEquals(
                STU3.newJsonParser().encodeResourceToString(expected.setId((String) null)),
                STU3.newJsonParser().encodeResourceToString(shown.setId((String) null)),
                "every element comes back as it was sent");
    }

    @Test
    void whatR4CannotCarryIsRefusedWithItsPathNotDropped() {
        ReferralRequest referral = stu3Referral();
        referral.setDescription("Graag beoordeling");
        referral.getRequester().setOnBehalfOf(new Reference("Organization/not-their-practice"));
        referral.addDefinition(new Reference("PlanDefinition/chest-pain"));
        referral.addServiceRequested(new CodeableConcept(new Coding(SNOMED, "40701008", "Echocardiography")));
        referral.setContext(new Reference("EpisodeOfCare/e9"));

        UnprocessableEntityException refused =
                assertThrows(UnprocessableEntityException.class, () -> conversion.toR4(referral));

        List<String> paths = ((OperationOutcome) refused.getOperationOutcome())
                .getIssue().stream()
                        .map(issue -> issue.getExpression().get(0).getValue())
                        .toList();
        assertEquals(
                List.of(
                        "ReferralRequest.definition",
                        "ReferralRequest.serviceRequested",
                        "ReferralRequest.context",
                        "ReferralRequest.requester.onBehalfOf",
                        "ReferralRequest.description"),
                paths);
        assertTrue(((OperationOutcome) refused.getOperationOutcome())
                .getIssueFirstRep()
                .getDiagnostics()
                .contains("would be lost"));
    }

    @Test
    void aStoredRequestWithWhatStu3CannotShowIsNotShownHalf() {
        ServiceRequest stored = (ServiceRequest) conversion.toR4(stu3Referral());
        stored.addBodySite(new org.hl7.fhir.r4.model.CodeableConcept().setText("left ventricle"));
        stored.setRequester(new org.hl7.fhir.r4.model.Reference("PractitionerRole/not-in-the-directory"));
        stored.setIntent(ServiceRequest.ServiceRequestIntent.FILLERORDER);

        Stu3Conversion.NotExpressible notExpressible =
                assertThrows(Stu3Conversion.NotExpressible.class, () -> conversion.toStu3(stored));

        assertEquals("ServiceRequest/r1", notExpressible.reference());
        assertTrue(
                notExpressible
                        .getMessage()
                        .contains("ServiceRequest.intent, ServiceRequest.requester, ServiceRequest.bodySite"),
                notExpressible.getMessage());
    }

    @Test
    void aPractitionerRoleRequesterIsThePractitionerOnBehalfOfTheirOrganization() {
        ReferralRequest referral = stu3Referral();
        referral.getRequester().setOnBehalfOf(new Reference("Organization/practice"));

        ServiceRequest stored = (ServiceRequest) conversion.toR4(referral);

        assertEquals("PractitionerRole/role1", stored.getRequester().getReference());
        ReferralRequest shown = (ReferralRequest) conversion.toStu3(stored.setId("ServiceRequest/r1/_history/1"));
        assertEquals("Practitioner/gp1", shown.getRequester().getAgent().getReference());
        assertEquals(
                "Organization/practice", shown.getRequester().getOnBehalfOf().getReference());
    }

    @Test
    void patientsGoThroughHapisConverterWithTheSameCheck() {
        org.hl7.fhir.dstu3.model.Patient patient = new org.hl7.fhir.dstu3.model.Patient();
        patient.addIdentifier(new Identifier()
                .setSystem("http://fhir.nl/fhir/NamingSystem/bsn")
                .setValue("999911120"));
        patient.addName().setFamily("Jansen").addGiven("Jan");
        patient.setBirthDateElement(new org.hl7.fhir.dstu3.model.DateType("1950-01-02"));

        org.hl7.fhir.r4.model.Patient stored = (org.hl7.fhir.r4.model.Patient) conversion.toR4(patient);
        stored.setId("Patient/p1/_history/1");

        assertEquals("999911120", stored.getIdentifierFirstRep().getValue());
        assertEquals("1950-01-02", stored.getBirthDateElement().getValueAsString());
        org.hl7.fhir.dstu3.model.Patient shown = (org.hl7.fhir.dstu3.model.Patient) conversion.toStu3(stored);
        assertEquals("Patient/p1/_history/1", shown.getIdElement().getValue());
        assertEquals("Jansen", shown.getNameFirstRep().getFamily());
    }

    @Test
    void stu3SearchParametersAreTranslatedOrRefused() {
        Map<String, String[]> r4 = Stu3SearchParameters.inR4(
                "ReferralRequest",
                Map.of(
                        "recipient", new String[] {"Organization/h1"},
                        "status", new String[] {"active,suspended,cancelled"},
                        "based-on", new String[] {"ReferralRequest/r0"},
                        "authored-on", new String[] {"ge2026-01-01"}));

        assertEquals("Organization/h1", r4.get("performer")[0]);
        assertEquals("active,on-hold,revoked", r4.get("status")[0]);
        assertEquals("ServiceRequest/r0", r4.get("based-on")[0]);
        assertEquals("ge2026-01-01", r4.get("authored")[0]);
        assertEquals(
                "ServiceRequest?identifier=https%3A%2F%2Fx%7CHK-1",
                Stu3SearchParameters.conditionalUrlInR4(
                        "ReferralRequest", "ReferralRequest?identifier=https://x|HK-1"));
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class,
                () -> Stu3SearchParameters.inR4(
                        "ReferralRequest", Map.of("performer", new String[] {"Organization/h1"})));
        assertTrue(unknown.getMessage().contains("recipient"), unknown.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Stu3SearchParameters.inR4("Patient", Map.of("_include", new String[] {"Patient:organization"})));
        assertFalse(Stu3SearchParameters.inR4("Patient", Map.of("family", new String[] {"Jansen"}))
                .isEmpty());
    }
}
