package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OrganizationAffiliation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The care chain on the shipped HartNet network (loaded at start): the directory, the chain's rules on referrals,
 * routing with access times, and appointments moving the referral's task.
 */
class ChainIT extends ContainerTest {

    private static final String SERVICE = "https://hartketen.nl/fhir/CodeSystem/cardiology-service";
    private static final String DE_LINDE_URA = "90002001";
    private static final String MARTINI_URA = "90001002";
    private static final String UMCG_URA = "90001001";

    /** A GP at Huisartsenpraktijk De Linde (Haren), a member of HartNet. */
    private IGenericClient deLinde;
    private String deLindeToken;
    private Practitioner deLindeGp;
    private IGenericClient martini;

    @BeforeEach
    void joinHartNet() {
        deLindeGp = newPractitioner("Gp" + unique());
        deLindeToken = Tokens.token("gp", deLindeGp.getIdentifierFirstRep().getValue(), DE_LINDE_URA);
        deLinde = clientAs(deLindeToken);
        martini = clientAs(Tokens.token("cardiologist", "01" + unique(), MARTINI_URA));
    }

    @Test
    void theShippedNetworksAndCarePathsAreInTheDirectory() {
        Bundle members = admin.search().byUrl("OrganizationAffiliation?primary-organization=Organization/hartnet&_count=100")
                .returnBundle(Bundle.class).execute();
        Map<String, String> roles = members.getEntry().stream().map(e -> (OrganizationAffiliation) e.getResource()).collect(Collectors.toMap(
                a -> a.getParticipatingOrganization().getReference(), a -> a.getCodeFirstRep().getCodingFirstRep().getCode()));
        assertEquals("heart-centre", roles.get("Organization/umcg"));
        assertEquals("regional-hospital", roles.get("Organization/martini"));
        assertEquals("gp-practice", roles.get("Organization/hap-de-linde"));

        Bundle tavi = deLinde.search().byUrl("HealthcareService?service-type=" + SERVICE + "|tavi&_count=100").returnBundle(Bundle.class).execute();
        assertEquals(Set.of("Organization/umcg", "Organization/amsterdam-umc"), tavi.getEntry().stream()
                .map(e -> ((HealthcareService) e.getResource()).getProvidedBy().getReference()).collect(Collectors.toSet()));

        Bundle carePaths = deLinde.search().forResource(PlanDefinition.class).returnBundle(Bundle.class).execute();
        assertTrue(carePaths.getTotal() >= 5, "the five shipped care paths");
    }

    @Test
    void aReferralForAServiceThePerformerDoesNotOfferIsRefusedNamingWhoOffersIt() throws Exception {
        ServiceRequest pciAtWza = hartNetReferral(newHartNetPatient(), "wza", "pci", "Percutaneous coronary intervention (PCI)");

        HttpResponse<String> refused = sendAs(deLindeToken, "POST", "/ServiceRequest", FHIR_JSON, FHIR.newJsonParser().encodeResourceToString(pciAtWza));

        assertEquals(422, refused.statusCode(), refused.body());
        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, refused.body());
        String message = outcome.getIssueFirstRep().getDiagnostics();
        assertTrue(message.contains("Wilhelmina Ziekenhuis Assen does not offer Percutaneous coronary intervention (PCI) (pci)"), message);
        assertTrue(message.contains("Martini Ziekenhuis") && message.contains("Treant"), message);
        assertEquals("ServiceRequest.performer", outcome.getIssueFirstRep().getExpression().get(0).getValue());
        Bundle stored = deLinde.search().forResource(ServiceRequest.class).where(ServiceRequest.PATIENT.hasId(pciAtWza.getSubject().getReference()))
                .returnBundle(Bundle.class).execute();
        assertEquals(0, stored.getTotal(), "nothing of a refused referral is kept");
    }

    @Test
    void aGpReferringStraightToTheUmcForRegionalCareGetsAWarningNotARefusal() throws Exception {
        Patient patient = newHartNetPatient();
        String body = FHIR.newJsonParser().encodeResourceToString(hartNetReferral(patient, "umcg", "outpatient-cardiology", "Outpatient cardiology"));

        HttpResponse<String> warned = sendAs(deLindeToken, "POST", "/ServiceRequest", FHIR_JSON, body);

        assertEquals(201, warned.statusCode(), warned.body());
        assertTrue(warned.headers().firstValue("Location").orElseThrow().contains("/ServiceRequest/"));
        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, warned.body());
        assertEquals(OperationOutcome.IssueSeverity.WARNING, outcome.getIssueFirstRep().getSeverity());
        assertTrue(outcome.getIssueFirstRep().getDiagnostics().startsWith("UMC only when needed"), outcome.getIssueFirstRep().getDiagnostics());

        HttpResponse<String> representation = sendAs(deLindeToken, "POST", "/ServiceRequest", FHIR_JSON, body, "Prefer", "return=representation");
        assertEquals(201, representation.statusCode(), representation.body());
        assertEquals("ServiceRequest", FHIR.newJsonParser().parseResource(representation.body()).fhirType());

        HttpResponse<String> cabg = sendAs(deLindeToken, "POST", "/ServiceRequest", FHIR_JSON,
                FHIR.newJsonParser().encodeResourceToString(hartNetReferral(patient, "umcg", "cabg", "Coronary artery bypass grafting (CABG)")));
        assertEquals(201, cabg.statusCode(), cabg.body());
        assertEquals("ServiceRequest", FHIR.newJsonParser().parseResource(cabg.body()).fhirType(), "CABG belongs at the UMC: no warning");
    }

    @Test
    void routingProposesTheNearestHospitalsAndTheUmcOnlyForHeartCentreCare() {
        List<ParametersParameterComponent> pci = suggest("pci");
        List<String> pciOrder = pci.stream().map(ChainIT::organizationOf).toList();
        assertEquals(List.of("Organization/martini", "Organization/treant"), pciOrder, "Martini (Groningen) is nearer to Haren than Treant");
        assertTrue(distance(pci.get(0)) < distance(pci.get(1)));
        assertTrue(distance(pci.get(0)) < 10, "Haren to the Martini is a few kilometres");

        assertEquals(List.of("Organization/umcg"), suggest("cabg").stream().map(ChainIT::organizationOf).toList());
    }

    @Test
    void appointmentsMoveTheReferralsTaskAndTheFirstVisitCountsInTheAccessTime() throws Exception {
        ServiceRequest referral = (ServiceRequest) deLinde.create()
                .resource(hartNetReferral(newHartNetPatient(), "martini", "outpatient-cardiology", "Outpatient cardiology"))
                .execute().getResource();
        int waitingBefore = candidate(suggest("outpatient-cardiology"), "Organization/martini").waitingNow;
        int seenBefore = candidate(suggest("outpatient-cardiology"), "Organization/martini").seen;
        assertTrue(waitingBefore >= 1, "the new referral waits");

        Appointment appointment = new Appointment();
        appointment.setStatus(Appointment.AppointmentStatus.BOOKED);
        appointment.addBasedOn(new Reference("ServiceRequest/" + referral.getIdElement().getIdPart()));
        appointment.setStart(new Date(System.currentTimeMillis() + 3_600_000L));
        appointment.setEnd(new Date(System.currentTimeMillis() + 5_400_000L));
        appointment.addParticipant().setActor(referral.getSubject()).setStatus(Appointment.ParticipationStatus.ACCEPTED);
        expect(ForbiddenOperationException.class, () -> deLinde.create().resource(appointment).execute());
        Appointment booked = (Appointment) martini.create().resource(appointment).execute().getResource();

        Task task = taskOf(deLinde, referral);
        assertEquals(Task.TaskStatus.ACCEPTED, task.getStatus());
        assertEquals("appointment-scheduled", task.getBusinessStatus().getCodingFirstRep().getCode());

        booked.setStatus(Appointment.AppointmentStatus.FULFILLED);
        martini.update().resource(booked).execute();

        task = taskOf(deLinde, referral);
        assertEquals(Task.TaskStatus.INPROGRESS, task.getStatus());
        assertEquals("seen", task.getBusinessStatus().getCodingFirstRep().getCode());
        Candidate after = candidate(suggest("outpatient-cardiology"), "Organization/martini");
        assertEquals(waitingBefore - 1, after.waitingNow);
        assertEquals(seenBefore + 1, after.seen);
        assertTrue(after.accessDays.isPresent());
    }

    @Test
    void escalationTreatmentAndBackReferralsAlongTheChain() throws Exception {
        Patient patient = newHartNetPatient();
        ServiceRequest toMartini = (ServiceRequest) deLinde.create()
                .resource(hartNetReferral(patient, "martini", "outpatient-cardiology", "Outpatient cardiology")).execute().getResource();
        Practitioner visser = newPractitioner("Cardioloog" + unique());
        String visserToken = Tokens.token("cardiologist", visser.getIdentifierFirstRep().getValue(), MARTINI_URA);
        Practitioner mulder = newPractitioner("Cardioloog" + unique());
        String mulderToken = Tokens.token("cardiologist", mulder.getIdentifierFirstRep().getValue(), UMCG_URA);

        ServiceRequest escalation = referral(patient, visser, shipped("umcg"));
        escalation.setCode(new CodeableConcept(new Coding(SERVICE, "cabg", "Coronary artery bypass grafting (CABG)")));
        escalation.addBasedOn(new Reference(reference(toMartini)));
        ServiceRequest toUmcg = (ServiceRequest) clientAs(visserToken).create().resource(escalation).execute().getResource();
        Task regional = taskOf(deLinde, toMartini);
        assertEquals("escalated", regional.getBusinessStatus().getCodingFirstRep().getCode());
        assertEquals(Task.TaskStatus.REQUESTED, regional.getStatus(), "the regional referral stays open while the patient is away");

        IGenericClient umcg = clientAs(mulderToken);
        ServiceRequest decision = referral(patient, mulder, shipped("umcg"));
        decision.setCategory(List.of(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "procedure", "Procedure request"))));
        decision.setCode(new CodeableConcept(new Coding(SERVICE, "cabg", "Coronary artery bypass grafting (CABG)")));
        decision.addBasedOn(new Reference(reference(toUmcg)));
        HttpResponse<String> notTheirs = sendAs(visserToken, "POST", "/ServiceRequest", FHIR_JSON,
                FHIR.newJsonParser().encodeResourceToString(decision.copy().setRequester(new Reference(reference(visser)))));
        assertEquals(422, notTheirs.statusCode(), "the Martini did not receive the UMCG referral: " + notTheirs.body());
        ServiceRequest planned = (ServiceRequest) umcg.create().resource(decision).execute().getResource();
        assertEquals("treatment-planned", taskOf(umcg, toUmcg).getBusinessStatus().getCodingFirstRep().getCode());
        assertEquals(Task.TaskStatus.INPROGRESS, taskOf(umcg, toUmcg).getStatus());

        Procedure surgery = new Procedure();
        surgery.setStatus(Procedure.ProcedureStatus.COMPLETED);
        surgery.setCode(new CodeableConcept(new Coding(SNOMED, "232717009", "Coronary artery bypass grafting")));
        surgery.setSubject(new Reference(reference(patient)));
        surgery.addBasedOn(new Reference(reference(toUmcg)));
        HttpResponse<String> onTheReferral = sendAs(mulderToken, "POST", "/Procedure", FHIR_JSON, FHIR.newJsonParser().encodeResourceToString(surgery));
        assertEquals(422, onTheReferral.statusCode(), onTheReferral.body());
        assertTrue(onTheReferral.body().contains("not a procedure request"), onTheReferral.body());
        surgery.setBasedOn(List.of(new Reference(reference(planned))));
        surgery.setPerformed(new org.hl7.fhir.r4.model.DateTimeType(new Date()));
        umcg.create().resource(surgery).execute();
        assertEquals(Task.TaskStatus.COMPLETED, taskOf(umcg, planned).getStatus());
        assertEquals("treated", taskOf(umcg, planned).getBusinessStatus().getCodingFirstRep().getCode());
        assertEquals("treated", taskOf(umcg, toUmcg).getBusinessStatus().getCodingFirstRep().getCode());

        HttpResponse<String> noLetter = sendAs(mulderToken, "POST", "/ServiceRequest", FHIR_JSON,
                FHIR.newJsonParser().encodeResourceToString(backReferral(patient, mulder, "martini", toUmcg, null)));
        assertEquals(422, noLetter.statusCode(), noLetter.body());
        assertTrue(noLetter.body().contains("ServiceRequest.supportingInfo"), noLetter.body());
        HttpResponse<String> wrongAddress = sendAs(mulderToken, "POST", "", FHIR_JSON, letterAndBackReferral(patient, mulder, "hap-de-linde", toUmcg));
        assertEquals(422, wrongAddress.statusCode(), wrongAddress.body());
        assertTrue(wrongAddress.body().contains("a back-referral goes to the organization that referred (Organization/martini)"), wrongAddress.body());

        HttpResponse<String> backToMartini = sendAs(mulderToken, "POST", "", FHIR_JSON, letterAndBackReferral(patient, mulder, "martini", toUmcg));
        assertEquals(200, backToMartini.statusCode(), backToMartini.body());
        String backReferral = FHIR.newJsonParser().parseResource(Bundle.class, backToMartini.body()).getEntry().get(1)
                .getResponse().getLocation().replaceAll("/_history/.*", "");
        Task atUmcg = taskOf(umcg, toUmcg);
        assertEquals(Task.TaskStatus.COMPLETED, atUmcg.getStatus());
        assertEquals("referred-back", atUmcg.getBusinessStatus().getCodingFirstRep().getCode());
        assertEquals(backReferral, ((Reference) atUmcg.getOutputFirstRep().getValue()).getReference());
        assertEquals(Task.TaskStatus.REQUESTED, taskOf(deLinde, toMartini).getStatus(), "back at the Martini, not yet at the GP");

        HttpResponse<String> backToGp = sendAs(visserToken, "POST", "", FHIR_JSON, letterAndBackReferral(patient, visser, "hap-de-linde", toMartini));
        assertEquals(200, backToGp.statusCode(), backToGp.body());
        Task closed = taskOf(deLinde, toMartini);
        assertEquals(Task.TaskStatus.COMPLETED, closed.getStatus());
        assertEquals("referred-back", closed.getBusinessStatus().getCodingFirstRep().getCode());
        String letter = FHIR.newJsonParser().parseResource(Bundle.class, backToGp.body()).getEntry().get(0)
                .getResponse().getLocation().replaceAll("/_history/.*", "");
        assertEquals("Ontslagbrief", deLinde.read().resource(DocumentReference.class).withUrl(letter).execute().getDescription(),
                "the GP reads the letter the patient came back with");
    }

    @Test
    void aCoordinatorAddsANetworkByPostingItsBundle() {
        Map<String, Object> claims = Tokens.claims("coordinator", null, null);
        claims.put("organization_identifier", "https://hartketen.nl/fhir/NamingSystem/network|hartnet-noord-nederland");
        IGenericClient coordinator = clientAs(Tokens.signed(claims));
        String suffix = unique();
        String bundle = """
                {"resourceType": "Bundle", "type": "transaction", "entry": [
                  {"fullUrl": "urn:uuid:network", "resource": {"resourceType": "Organization", "name": "Testnet %1$s", "active": true},
                   "request": {"method": "POST", "url": "Organization"}},
                  {"fullUrl": "urn:uuid:practice", "resource": {"resourceType": "Organization", "name": "Praktijk %1$s",
                    "identifier": [{"system": "http://fhir.nl/fhir/NamingSystem/ura", "value": "7%1$s"}]},
                   "request": {"method": "POST", "url": "Organization"}},
                  {"fullUrl": "urn:uuid:hospital", "resource": {"resourceType": "Organization", "name": "Ziekenhuis %1$s"},
                   "request": {"method": "POST", "url": "Organization"}},
                  {"fullUrl": "urn:uuid:site", "resource": {"resourceType": "Location", "name": "Ziekenhuis %1$s", "status": "active",
                    "position": {"longitude": 5.1214, "latitude": 52.0907}, "managingOrganization": {"reference": "urn:uuid:hospital"}},
                   "request": {"method": "POST", "url": "Location"}},
                  {"resource": {"resourceType": "OrganizationAffiliation", "active": true, "organization": {"reference": "urn:uuid:network"},
                    "participatingOrganization": {"reference": "urn:uuid:practice"},
                    "code": [{"coding": [{"system": "https://hartketen.nl/fhir/CodeSystem/network-role", "code": "gp-practice"}]}]},
                   "request": {"method": "POST", "url": "OrganizationAffiliation"}},
                  {"resource": {"resourceType": "OrganizationAffiliation", "active": true, "organization": {"reference": "urn:uuid:network"},
                    "participatingOrganization": {"reference": "urn:uuid:hospital"},
                    "code": [{"coding": [{"system": "https://hartketen.nl/fhir/CodeSystem/network-role", "code": "regional-hospital"}]}]},
                   "request": {"method": "POST", "url": "OrganizationAffiliation"}},
                  {"resource": {"resourceType": "HealthcareService", "active": true, "providedBy": {"reference": "urn:uuid:hospital"},
                    "type": [{"coding": [{"system": "https://hartketen.nl/fhir/CodeSystem/cardiology-service", "code": "echo"}]}]},
                   "request": {"method": "POST", "url": "HealthcareService"}}
                ]}""".formatted(suffix);
        Bundle response = FHIR.newJsonParser().parseResource(Bundle.class, coordinator.transaction().withBundle(bundle).encodedJson().execute());
        String hospital = response.getEntry().get(2).getResponse().getLocation().replaceAll("/_history/.*", "");

        IGenericClient member = clientAs(Tokens.token("gp", "01" + unique(), "7" + suffix));
        Parameters in = new Parameters();
        in.addParameter().setName("service").setValue(new Coding(SERVICE, "echo", null));
        Parameters out = member.operation().onType(ServiceRequest.class).named("$suggest-performer").withParameters(in).execute();
        assertEquals(List.of(hospital), out.getParameter().stream().filter(p -> p.getName().equals("candidate")).map(ChainIT::organizationOf).toList());
    }

    private Patient newHartNetPatient() {
        Patient patient = new Patient();
        patient.addGeneralPractitioner(new Reference("Organization/hap-de-linde"));
        patient.addIdentifier().setSystem("https://test.example/patient").setValue(unique());
        patient.addName().setFamily("Keten" + unique()).addGiven("Test");
        return (Patient) deLinde.create().resource(patient).execute().getResource();
    }

    private ServiceRequest hartNetReferral(Patient patient, String hospital, String service, String display) {
        ServiceRequest request = referral(patient, deLindeGp, shipped(hospital));
        request.setCode(new CodeableConcept(new Coding(SERVICE, service, display)));
        return request;
    }

    /** One of the shipped network's organizations, by id. */
    /** A back-referral from {@code from} to the organization {@code to}, closing {@code closes}, with {@code letter}. */
    private static ServiceRequest backReferral(Patient patient, Practitioner from, String to, ServiceRequest closes, String letter) {
        ServiceRequest back = referral(patient, from, shipped(to));
        back.setCategory(List.of(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "back-referral", "Back-referral"))));
        back.setCode(new CodeableConcept(new Coding(SNOMED, "306206005", "Referral to service")).setText("Terugverwijzing"));
        back.addBasedOn(new Reference(reference(closes)));
        if (letter != null) {
            back.addSupportingInfo(new Reference(letter));
        }
        return back;
    }

    /** A transaction: the letter (DocumentReference), then the back-referral that carries it. */
    private static String letterAndBackReferral(Patient patient, Practitioner from, String to, ServiceRequest closes) {
        DocumentReference letter = new DocumentReference();
        letter.setStatus(org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.CURRENT);
        letter.setType(new CodeableConcept(new Coding("http://loinc.org", "18842-5", "Discharge summary")));
        letter.setSubject(new Reference(reference(patient)));
        letter.setDate(new Date());
        letter.setDescription("Ontslagbrief");
        letter.addContent().getAttachment().setContentType("text/plain")
                .setData("CABG, herstel ongecompliceerd. Controle over 6 weken.".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(letter)
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("DocumentReference");
        bundle.addEntry().setResource(backReferral(patient, from, to, closes, bundle.getEntryFirstRep().getFullUrl()))
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("ServiceRequest");
        return FHIR.newJsonParser().encodeResourceToString(bundle);
    }

    private static String reference(org.hl7.fhir.r4.model.Resource resource) {
        return resource.getIdElement().toUnqualifiedVersionless().getValue();
    }

    private static org.hl7.fhir.r4.model.Organization shipped(String id) {
        org.hl7.fhir.r4.model.Organization organization = new org.hl7.fhir.r4.model.Organization();
        organization.setId("Organization/" + id);
        return organization;
    }

    private List<ParametersParameterComponent> suggest(String service) {
        Parameters in = new Parameters();
        in.addParameter().setName("service").setValue(new Coding(SERVICE, service, null));
        Parameters out = deLinde.operation().onType(ServiceRequest.class).named("$suggest-performer").withParameters(in).execute();
        return out.getParameter().stream().filter(p -> p.getName().equals("candidate")).toList();
    }

    private record Candidate(int waitingNow, int seen, Optional<Integer> accessDays) {
    }

    private static Candidate candidate(List<ParametersParameterComponent> candidates, String organization) {
        ParametersParameterComponent found = candidates.stream().filter(c -> organizationOf(c).equals(organization)).findFirst().orElseThrow();
        return new Candidate(((IntegerType) part(found, "waitingNow").orElseThrow()).getValue(),
                ((IntegerType) part(found, "seenLast90Days").orElseThrow()).getValue(),
                part(found, "accessTime").map(q -> ((Quantity) q).getValue().intValue()));
    }

    private static Optional<org.hl7.fhir.r4.model.Type> part(ParametersParameterComponent candidate, String name) {
        return candidate.getPart().stream().filter(p -> p.getName().equals(name)).map(ParametersParameterComponent::getValue).findFirst();
    }

    private static String organizationOf(ParametersParameterComponent candidate) {
        return ((Reference) part(candidate, "organization").orElseThrow()).getReference();
    }

    private static double distance(ParametersParameterComponent candidate) {
        return ((Quantity) part(candidate, "distance").orElseThrow()).getValue().doubleValue();
    }
}
