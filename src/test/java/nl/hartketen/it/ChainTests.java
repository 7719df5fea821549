package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.net.http.HttpResponse;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OrganizationAffiliation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Procedure;
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
abstract class ChainTests extends ContainerTest {

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
        Bundle members = admin.search()
                .byUrl("OrganizationAffiliation?primary-organization=Organization/hartnet&_count=100")
                .returnBundle(Bundle.class)
                .execute();
        Map<String, String> roles = members.getEntry().stream()
                .map(e -> (OrganizationAffiliation) e.getResource())
                .collect(Collectors.toMap(
                        a -> a.getParticipatingOrganization().getReference(),
                        a -> a.getCodeFirstRep().getCodingFirstRep().getCode()));
        assertEquals("heart-centre", roles.get("Organization/umcg"));
        assertEquals("regional-hospital", roles.get("Organization/martini"));
        assertEquals("gp-practice", roles.get("Organization/hap-de-linde"));

        Bundle tavi = deLinde.search()
                .byUrl("HealthcareService?service-type=" + SERVICE + "|tavi&_count=100")
                .returnBundle(Bundle.class)
                .execute();
        assertEquals(
                Set.of("Organization/umcg", "Organization/amsterdam-umc"),
                tavi.getEntry().stream()
                        .map(e -> ((HealthcareService) e.getResource())
                                .getProvidedBy()
                                .getReference())
                        .collect(Collectors.toSet()));

        Bundle carePaths = deLinde.search()
                .forResource(PlanDefinition.class)
                .returnBundle(Bundle.class)
                .execute();
        assertTrue(carePaths.getTotal() >= 5, "the five shipped care paths");
    }

    @Test
    void referralsForOnePatientWrittenAtOnceAllJoinTheOneEpisode() throws Exception {
        Patient patient = newHartNetPatient();
        int referrals = 6;
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(referrals);
        try {
            List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < referrals; i++) {
                sent.add(senders.submit(() -> deLinde.create()
                        .resource(hartNetReferral(patient, "martini", "outpatient-cardiology", "Outpatient cardiology"))
                        .execute()));
            }
            for (java.util.concurrent.Future<?> each : sent) {
                each.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdownNow();
        }

        Bundle episodes = deLinde.search()
                .forResource(EpisodeOfCare.class)
                .where(EpisodeOfCare.PATIENT.hasId(reference(patient)))
                .returnBundle(Bundle.class)
                .execute();
        assertEquals(
                1,
                episodes.getTotal(),
                "one episode per patient per care path, also when its referrals arrive at once");
        assertEquals(
                referrals,
                ((EpisodeOfCare) episodes.getEntryFirstRep().getResource())
                        .getReferralRequest()
                        .size(),
                "no referral's link is lost to a concurrent one");
    }

    @Test
    void aReferralForAServiceThePerformerDoesNotOfferIsRefusedNamingWhoOffersIt() throws Exception {
        ServiceRequest pciAtWza =
                hartNetReferral(newHartNetPatient(), "wza", "pci", "Percutaneous coronary intervention (PCI)");

        HttpResponse<String> refused = sendAs(
                deLindeToken,
                "POST",
                "/ServiceRequest",
                FHIR_JSON,
                FHIR.newJsonParser().encodeResourceToString(pciAtWza));

        assertEquals(422, refused.statusCode(), refused.body());
        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, refused.body());
        String message = outcome.getIssueFirstRep().getDiagnostics();
        assertTrue(
                message.contains(
                        "Wilhelmina Ziekenhuis Assen does not offer Percutaneous coronary intervention (PCI) (pci)"),
                message);
        assertTrue(message.contains("Martini Ziekenhuis") && message.contains("Treant"), message);
        assertEquals(
                "ServiceRequest.performer",
                outcome.getIssueFirstRep().getExpression().get(0).getValue());
        Bundle stored = deLinde.search()
                .forResource(ServiceRequest.class)
                .where(ServiceRequest.PATIENT.hasId(pciAtWza.getSubject().getReference()))
                .returnBundle(Bundle.class)
                .execute();
        assertEquals(0, stored.getTotal(), "nothing of a refused referral is kept");
    }

    @Test
    void aGpReferringStraightToTheUmcForRegionalCareGetsAWarningNotARefusal() throws Exception {
        Patient patient = newHartNetPatient();
        String body = FHIR.newJsonParser()
                .encodeResourceToString(
                        hartNetReferral(patient, "umcg", "outpatient-cardiology", "Outpatient cardiology"));

        HttpResponse<String> warned = sendAs(deLindeToken, "POST", "/ServiceRequest", FHIR_JSON, body);

        assertEquals(201, warned.statusCode(), warned.body());
        assertTrue(warned.headers().firstValue("Location").orElseThrow().contains("/ServiceRequest/"));
        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, warned.body());
        assertEquals(
                OperationOutcome.IssueSeverity.WARNING,
                outcome.getIssueFirstRep().getSeverity());
        assertTrue(
                outcome.getIssueFirstRep().getDiagnostics().startsWith("UMC only when needed"),
                outcome.getIssueFirstRep().getDiagnostics());

        HttpResponse<String> representation =
                sendAs(deLindeToken, "POST", "/ServiceRequest", FHIR_JSON, body, "Prefer", "return=representation");
        assertEquals(201, representation.statusCode(), representation.body());
        assertEquals(
                "ServiceRequest",
                FHIR.newJsonParser().parseResource(representation.body()).fhirType());

        HttpResponse<String> cabg = sendAs(
                deLindeToken,
                "POST",
                "/ServiceRequest",
                FHIR_JSON,
                FHIR.newJsonParser()
                        .encodeResourceToString(
                                hartNetReferral(patient, "umcg", "cabg", "Coronary artery bypass grafting (CABG)")));
        assertEquals(201, cabg.statusCode(), cabg.body());
        assertEquals(
                "ServiceRequest",
                FHIR.newJsonParser().parseResource(cabg.body()).fhirType(),
                "CABG belongs at the UMC: no warning");
    }

    @Test
    void routingProposesTheNearestHospitalsAndTheUmcOnlyForHeartCentreCare() {
        List<ParametersParameterComponent> pci = suggest("pci");
        List<String> pciOrder = pci.stream().map(ChainTests::organizationOf).toList();
        assertEquals(
                List.of("Organization/martini", "Organization/treant"),
                pciOrder,
                "Martini (Groningen) is nearer to Haren than Treant");
        assertTrue(distance(pci.get(0)) < distance(pci.get(1)));
        assertTrue(distance(pci.get(0)) < 10, "Haren to the Martini is a few kilometres");

        assertEquals(
                List.of("Organization/umcg"),
                suggest("cabg").stream().map(ChainTests::organizationOf).toList());
    }

    @Test
    void appointmentsMoveTheReferralsTaskAndTheFirstVisitCountsInTheAccessTime() throws Exception {
        ServiceRequest referral = (ServiceRequest) deLinde.create()
                .resource(hartNetReferral(
                        newHartNetPatient(), "martini", "outpatient-cardiology", "Outpatient cardiology"))
                .execute()
                .getResource();
        int waitingBefore = candidate(suggest("outpatient-cardiology"), "Organization/martini").waitingNow;
        int seenBefore = candidate(suggest("outpatient-cardiology"), "Organization/martini").seen;
        assertTrue(waitingBefore >= 1, "the new referral waits");

        Appointment appointment = new Appointment();
        appointment.setStatus(Appointment.AppointmentStatus.BOOKED);
        appointment.addBasedOn(
                new Reference("ServiceRequest/" + referral.getIdElement().getIdPart()));
        appointment.setStart(new Date(System.currentTimeMillis() + 3_600_000L));
        appointment.setEnd(new Date(System.currentTimeMillis() + 5_400_000L));
        appointment
                .addParticipant()
                .setActor(referral.getSubject())
                .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        expect(
                ForbiddenOperationException.class,
                () -> deLinde.create().resource(appointment).execute());
        Appointment booked =
                (Appointment) martini.create().resource(appointment).execute().getResource();

        Task task = taskOf(deLinde, referral);
        assertEquals(Task.TaskStatus.ACCEPTED, task.getStatus());
        assertEquals(
                "appointment-scheduled",
                task.getBusinessStatus().getCodingFirstRep().getCode());

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

    /**
     * The whole chain, in both shipped networks: the GP refers chest pain to a regional hospital, which sees the patient
     * and escalates for CABG to the heart centre, which operates and refers back to the regional hospital, which refers
     * back to the GP. The episode, the census and
     * the journey follow at every step; at the end the loop is closed.
     */
    @Test
    void theWholeChainInHartNet() throws Exception {
        wholeChain(new Chain(
                "hartnet",
                "hartnet-noord-nederland",
                "hap-de-linde",
                DE_LINDE_URA,
                "martini",
                MARTINI_URA,
                "umcg",
                UMCG_URA));
    }

    @Test
    void theWholeChainInCardioNoVo() throws Exception {
        wholeChain(new Chain(
                "cardionovo",
                "cardionovo-plus",
                "hap-de-pijp",
                "90041001",
                "olvg",
                "90031006",
                "amsterdam-umc",
                "90031001"));
    }

    /** A network's organizations for one run of the chain, by id and URA number. */
    private record Chain(
            String network,
            String networkIdentifier,
            String practice,
            String practiceUra,
            String regional,
            String regionalUra,
            String heartCentre,
            String heartCentreUra) {}

    private void wholeChain(Chain chain) throws Exception {
        Practitioner gp = newPractitioner("Huisarts" + unique());
        IGenericClient practice =
                clientAs(Tokens.token("gp", gp.getIdentifierFirstRep().getValue(), chain.practiceUra()));
        Patient patient = newPatient(practice, chain.practice());
        ServiceRequest sent = referral(patient, gp, shipped(chain.regional()));
        sent.setCode(new CodeableConcept(new Coding(SERVICE, "outpatient-cardiology", "Outpatient cardiology")));
        sent.setAuthoredOn(new Date(System.currentTimeMillis() - 40L * 24 * 3_600_000));
        Map<String, Integer> before = censusSteps(chain);
        ServiceRequest toRegional =
                (ServiceRequest) practice.create().resource(sent).execute().getResource();
        assertEpisode(practice, patient, "Organization/" + chain.regional(), EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        assertEquals(
                before.getOrDefault(chain.regional() + "/chest-pain/requested", 0) + 1,
                censusSteps(chain).get(chain.regional() + "/chest-pain/requested"));
        assertTrue(openLoops(chain).contains(reference(toRegional)), "40 days without outcome: an open loop");

        Practitioner regionalCardiologistPractitioner = newPractitioner("Cardioloog" + unique());
        String regionalCardiologistPractitionerToken = Tokens.token(
                "cardiologist",
                regionalCardiologistPractitioner.getIdentifierFirstRep().getValue(),
                chain.regionalUra());
        IGenericClient regionalCardiologist = clientAs(regionalCardiologistPractitionerToken);
        Appointment visit = appointmentFor(toRegional, Appointment.AppointmentStatus.BOOKED);
        visit = (Appointment)
                regionalCardiologist.create().resource(visit).execute().getResource();
        visit.setStatus(Appointment.AppointmentStatus.FULFILLED);
        regionalCardiologist.update().resource(visit).execute();
        assertEquals(
                before.getOrDefault(chain.regional() + "/chest-pain/seen", 0) + 1,
                censusSteps(chain).get(chain.regional() + "/chest-pain/seen"));

        ServiceRequest escalation = referral(patient, regionalCardiologistPractitioner, shipped(chain.heartCentre()));
        escalation.setCode(new CodeableConcept(new Coding(SERVICE, "cabg", "Coronary artery bypass grafting (CABG)")));
        escalation.addBasedOn(new Reference(reference(toRegional)));
        ServiceRequest toHeartCentre = (ServiceRequest)
                regionalCardiologist.create().resource(escalation).execute().getResource();
        Task regional = taskOf(practice, toRegional);
        assertEquals(
                "escalated", regional.getBusinessStatus().getCodingFirstRep().getCode());
        assertEquals(
                Task.TaskStatus.INPROGRESS,
                regional.getStatus(),
                "the regional referral stays open while the patient is away");
        assertEpisode(
                practice, patient, "Organization/" + chain.heartCentre(), EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        assertEquals(
                before.getOrDefault(chain.heartCentre() + "/chest-pain/requested", 0) + 1,
                censusSteps(chain).get(chain.heartCentre() + "/chest-pain/requested"));

        Practitioner heartSurgeon = newPractitioner("Cardioloog" + unique());
        String heartSurgeonToken = Tokens.token(
                "cardiologist", heartSurgeon.getIdentifierFirstRep().getValue(), chain.heartCentreUra());
        IGenericClient heartCentre = clientAs(heartSurgeonToken);
        ServiceRequest decision = referral(patient, heartSurgeon, shipped(chain.heartCentre()));
        decision.setCategory(
                List.of(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "procedure", "Procedure request"))));
        decision.setCode(new CodeableConcept(new Coding(SERVICE, "cabg", "Coronary artery bypass grafting (CABG)")));
        decision.addBasedOn(new Reference(reference(toHeartCentre)));
        HttpResponse<String> notTheirs = sendAs(
                regionalCardiologistPractitionerToken,
                "POST",
                "/ServiceRequest",
                FHIR_JSON,
                FHIR.newJsonParser()
                        .encodeResourceToString(decision.copy()
                                .setRequester(new Reference(reference(regionalCardiologistPractitioner)))));
        assertEquals(422, notTheirs.statusCode(), "the Martini did not receive the UMCG referral: " + notTheirs.body());
        ServiceRequest planned = (ServiceRequest)
                heartCentre.create().resource(decision).execute().getResource();
        assertEquals(
                "treatment-planned",
                taskOf(heartCentre, toHeartCentre)
                        .getBusinessStatus()
                        .getCodingFirstRep()
                        .getCode());
        assertEquals(
                Task.TaskStatus.INPROGRESS, taskOf(heartCentre, toHeartCentre).getStatus());
        assertEquals(
                before.getOrDefault(chain.heartCentre() + "/chest-pain/treatment-planned", 0) + 1,
                censusSteps(chain).get(chain.heartCentre() + "/chest-pain/treatment-planned"));

        Procedure surgery = new Procedure();
        surgery.setStatus(Procedure.ProcedureStatus.COMPLETED);
        surgery.setCode(new CodeableConcept(new Coding(SNOMED, "232717009", "Coronary artery bypass grafting")));
        surgery.setSubject(new Reference(reference(patient)));
        surgery.addBasedOn(new Reference(reference(toHeartCentre)));
        HttpResponse<String> onTheReferral = sendAs(
                heartSurgeonToken,
                "POST",
                "/Procedure",
                FHIR_JSON,
                FHIR.newJsonParser().encodeResourceToString(surgery));
        assertEquals(422, onTheReferral.statusCode(), onTheReferral.body());
        assertTrue(onTheReferral.body().contains("not a procedure request"), onTheReferral.body());
        surgery.setBasedOn(List.of(new Reference(reference(planned))));
        surgery.setPerformed(new org.hl7.fhir.r4.model.DateTimeType(new Date()));
        heartCentre.create().resource(surgery).execute();
        assertEquals(Task.TaskStatus.COMPLETED, taskOf(heartCentre, planned).getStatus());
        assertEquals(
                "treated",
                taskOf(heartCentre, planned)
                        .getBusinessStatus()
                        .getCodingFirstRep()
                        .getCode());
        assertEquals(
                "treated",
                taskOf(heartCentre, toHeartCentre)
                        .getBusinessStatus()
                        .getCodingFirstRep()
                        .getCode());

        HttpResponse<String> noLetter = sendAs(
                heartSurgeonToken,
                "POST",
                "/ServiceRequest",
                FHIR_JSON,
                FHIR.newJsonParser()
                        .encodeResourceToString(
                                backReferral(patient, heartSurgeon, chain.regional(), toHeartCentre, null)));
        assertEquals(422, noLetter.statusCode(), noLetter.body());
        assertTrue(noLetter.body().contains("ServiceRequest.supportingInfo"), noLetter.body());
        HttpResponse<String> wrongAddress = sendAs(
                heartSurgeonToken,
                "POST",
                "",
                FHIR_JSON,
                letterAndBackReferral(patient, heartSurgeon, chain.practice(), toHeartCentre));
        assertEquals(422, wrongAddress.statusCode(), wrongAddress.body());
        assertTrue(
                wrongAddress
                        .body()
                        .contains("a back-referral goes to the organization that referred (Organization/"
                                + chain.regional() + ")"),
                wrongAddress.body());

        HttpResponse<String> backToRegional = sendAs(
                heartSurgeonToken,
                "POST",
                "",
                FHIR_JSON,
                letterAndBackReferral(patient, heartSurgeon, chain.regional(), toHeartCentre));
        assertEquals(200, backToRegional.statusCode(), backToRegional.body());
        String backReferral = FHIR.newJsonParser()
                .parseResource(Bundle.class, backToRegional.body())
                .getEntry()
                .get(1)
                .getResponse()
                .getLocation()
                .replaceAll("/_history/.*", "");
        Task atHeartCentre = taskOf(heartCentre, toHeartCentre);
        assertEquals(Task.TaskStatus.COMPLETED, atHeartCentre.getStatus());
        assertEquals(
                "referred-back",
                atHeartCentre.getBusinessStatus().getCodingFirstRep().getCode());
        assertEquals(
                backReferral, ((Reference) atHeartCentre.getOutputFirstRep().getValue()).getReference());
        assertEquals(
                Task.TaskStatus.INPROGRESS,
                taskOf(practice, toRegional).getStatus(),
                "back at the Martini, not yet at the GP");
        assertEpisode(practice, patient, "Organization/" + chain.regional(), EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        assertTrue(openLoops(chain).contains(reference(toRegional)), "the GP's referral is still open");

        HttpResponse<String> backToGp = sendAs(
                regionalCardiologistPractitionerToken,
                "POST",
                "",
                FHIR_JSON,
                letterAndBackReferral(patient, regionalCardiologistPractitioner, chain.practice(), toRegional));
        assertEquals(200, backToGp.statusCode(), backToGp.body());
        Task closed = taskOf(practice, toRegional);
        assertEquals(Task.TaskStatus.COMPLETED, closed.getStatus());
        assertEquals(
                "referred-back", closed.getBusinessStatus().getCodingFirstRep().getCode());
        assertEpisode(
                practice, patient, "Organization/" + chain.practice(), EpisodeOfCare.EpisodeOfCareStatus.FINISHED);
        assertFalse(openLoops(chain).contains(reference(toRegional)), "the loop is closed");
        String letter = FHIR.newJsonParser()
                .parseResource(Bundle.class, backToGp.body())
                .getEntry()
                .get(0)
                .getResponse()
                .getLocation()
                .replaceAll("/_history/.*", "");
        assertEquals(
                "Ontslagbrief",
                practice.read()
                        .resource(DocumentReference.class)
                        .withUrl(letter)
                        .execute()
                        .getDescription(),
                "the GP reads the letter the patient came back with");

        Parameters journey = practice.operation()
                .onInstance(patient.getIdElement().toUnqualifiedVersionless())
                .named("$journey")
                .withNoParameters(Parameters.class)
                .useHttpGet()
                .execute();
        List<ParametersParameterComponent> steps = journey.getParameter().stream()
                .filter(p -> p.getName().equals("step"))
                .toList();
        assertEquals(
                Stream.of(chain.practice(), chain.regional(), chain.heartCentre(), chain.regional(), chain.practice())
                        .map(id -> "Organization/" + id)
                        .toList(),
                steps.stream().map(ChainTests::organizationOf).toList());
        List<String> atTheUmcg = steps.get(2).getPart().stream()
                .filter(p -> p.getName().equals("what"))
                .map(p -> p.getValue().primitiveValue())
                .toList();
        assertTrue(atTheUmcg.stream().anyMatch(what -> what.startsWith("treated ")), atTheUmcg.toString());
        assertTrue(steps.get(1).getPart().stream()
                .anyMatch(p -> p.getName().equals("what")
                        && p.getValue().primitiveValue().startsWith("first visit")));
        assertEquals("heart-centre", ((Coding) part(steps.get(2), "level").orElseThrow()).getCode());
        assertTrue(part(steps.get(4), "to").isEmpty(), "the patient is with the GP now");
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
        Bundle response = FHIR.newJsonParser()
                .parseResource(
                        Bundle.class,
                        coordinator
                                .transaction()
                                .withBundle(bundle)
                                .encodedJson()
                                .execute());
        String hospital = response.getEntry().get(2).getResponse().getLocation().replaceAll("/_history/.*", "");

        IGenericClient member = clientAs(Tokens.token("gp", "01" + unique(), "7" + suffix));
        Parameters in = new Parameters();
        in.addParameter().setName("service").setValue(new Coding(SERVICE, "echo", null));
        Parameters out = member.operation()
                .onType(ServiceRequest.class)
                .named("$suggest-performer")
                .withParameters(in)
                .execute();
        assertEquals(
                List.of(hospital),
                out.getParameter().stream()
                        .filter(p -> p.getName().equals("candidate"))
                        .map(ChainTests::organizationOf)
                        .toList());
    }

    private Patient newHartNetPatient() {
        return newPatient(deLinde, "hap-de-linde");
    }

    /** A patient of the shipped GP practice {@code practice}, recorded by a GP there. */
    private static Patient newPatient(IGenericClient gp, String practice) {
        Patient patient = new Patient();
        patient.addGeneralPractitioner(new Reference("Organization/" + practice));
        patient.addIdentifier().setSystem("https://test.example/patient").setValue(unique());
        patient.addName().setFamily("Keten" + unique()).addGiven("Test");
        return (Patient) gp.create().resource(patient).execute().getResource();
    }

    private ServiceRequest hartNetReferral(Patient patient, String hospital, String service, String display) {
        ServiceRequest request = referral(patient, deLindeGp, shipped(hospital));
        request.setCode(new CodeableConcept(new Coding(SERVICE, service, display)));
        return request;
    }

    private Appointment appointmentFor(ServiceRequest referral, Appointment.AppointmentStatus status) {
        Appointment appointment = new Appointment();
        appointment.setStatus(status);
        appointment.addBasedOn(new Reference(reference(referral)));
        appointment.setStart(new Date(System.currentTimeMillis() - 3_600_000L));
        appointment.setEnd(new Date(System.currentTimeMillis() - 2_400_000L));
        appointment
                .addParticipant()
                .setActor(referral.getSubject())
                .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        return appointment;
    }

    private void assertEpisode(
            IGenericClient as, Patient patient, String where, EpisodeOfCare.EpisodeOfCareStatus status) {
        Bundle episodes = as.search()
                .forResource(EpisodeOfCare.class)
                .where(EpisodeOfCare.PATIENT.hasId(reference(patient)))
                .returnBundle(Bundle.class)
                .execute();
        assertEquals(1, episodes.getTotal(), "one episode per patient per care path");
        EpisodeOfCare episode = (EpisodeOfCare) episodes.getEntryFirstRep().getResource();
        assertEquals("chest-pain", episode.getTypeFirstRep().getCodingFirstRep().getCode());
        assertEquals(where, episode.getManagingOrganization().getReference());
        assertEquals(status, episode.getStatus());
    }

    private com.fasterxml.jackson.databind.JsonNode census(Chain chain) throws Exception {
        Map<String, Object> claims = Tokens.claims("coordinator", null, null);
        claims.put(
                "organization_identifier",
                "https://hartketen.nl/fhir/NamingSystem/network|" + chain.networkIdentifier());
        java.net.URI uri = application("/api/networks/" + chain.network() + "/census");
        HttpResponse<String> response = sendTo(uri, Tokens.signed(claims), "GET", null, null);
        assertEquals(200, response.statusCode(), response.body());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    }

    /** "martini/chest-pain/seen" → patients at that organization, on that care path, at that step now. */
    private Map<String, Integer> censusSteps(Chain chain) throws Exception {
        Map<String, Integer> steps = new java.util.HashMap<>();
        for (var place : census(chain).get("organizations")) {
            String organization = place.get("organization").asText().replace("Organization/", "");
            for (var carePath : place.get("carePaths")) {
                carePath.get("steps")
                        .fields()
                        .forEachRemaining(step -> steps.put(
                                organization + "/" + carePath.get("carePath").asText() + "/" + step.getKey(),
                                step.getValue().asInt()));
            }
        }
        return steps;
    }

    private Set<String> openLoops(Chain chain) throws Exception {
        Set<String> loops = new java.util.HashSet<>();
        census(chain)
                .get("openLoops")
                .forEach(loop -> loops.add(loop.get("referral").asText()));
        return loops;
    }

    /** A back-referral from {@code from} to the organization {@code to}, closing {@code closes}, with {@code letter}. */
    private static ServiceRequest backReferral(
            Patient patient, Practitioner from, String to, ServiceRequest closes, String letter) {
        ServiceRequest back = referral(patient, from, shipped(to));
        back.setCategory(List.of(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "back-referral", "Back-referral"))));
        back.setCode(
                new CodeableConcept(new Coding(SNOMED, "306206005", "Referral to service")).setText("Terugverwijzing"));
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
        letter.addContent()
                .getAttachment()
                .setContentType("text/plain")
                .setData("CABG, herstel ongecompliceerd. Controle over 6 weken."
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry()
                .setFullUrl("urn:uuid:" + java.util.UUID.randomUUID())
                .setResource(letter)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("DocumentReference");
        bundle.addEntry()
                .setResource(backReferral(
                        patient, from, to, closes, bundle.getEntryFirstRep().getFullUrl()))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("ServiceRequest");
        return FHIR.newJsonParser().encodeResourceToString(bundle);
    }

    private List<ParametersParameterComponent> suggest(String service) {
        Parameters in = new Parameters();
        in.addParameter().setName("service").setValue(new Coding(SERVICE, service, null));
        Parameters out = deLinde.operation()
                .onType(ServiceRequest.class)
                .named("$suggest-performer")
                .withParameters(in)
                .execute();
        return out.getParameter().stream()
                .filter(p -> p.getName().equals("candidate"))
                .toList();
    }

    private record Candidate(int waitingNow, int seen, Optional<Integer> accessDays) {}

    private static Candidate candidate(List<ParametersParameterComponent> candidates, String organization) {
        ParametersParameterComponent found = candidates.stream()
                .filter(c -> organizationOf(c).equals(organization))
                .findFirst()
                .orElseThrow();
        return new Candidate(
                ((IntegerType) part(found, "waitingNow").orElseThrow()).getValue(),
                ((IntegerType) part(found, "seenLast90Days").orElseThrow()).getValue(),
                part(found, "accessTime").map(q -> ((Quantity) q).getValue().intValue()));
    }

    private static Optional<org.hl7.fhir.r4.model.Type> part(ParametersParameterComponent candidate, String name) {
        return candidate.getPart().stream()
                .filter(p -> p.getName().equals(name))
                .map(ParametersParameterComponent::getValue)
                .findFirst();
    }

    private static String organizationOf(ParametersParameterComponent candidate) {
        return ((Reference) part(candidate, "organization").orElseThrow()).getReference();
    }

    private static double distance(ParametersParameterComponent candidate) {
        return ((Quantity) part(candidate, "distance").orElseThrow()).getValue().doubleValue();
    }
}
