package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Telemonitoring on the shipped HartNet network, driven through the running server as its users would: a GP refers a
 * heart-failure patient to the Martini, whose team enrols the patient with a platform; the platform sends home
 * measurements; thresholds raise alerts the team works; monitoring ends and the patient goes back to the GP.
 */
abstract class TelemonitoringTests extends ContainerTest {

    private static final String SERVICE = "https://hartketen.nl/fhir/CodeSystem/cardiology-service";
    private static final String RULES = "https://hartketen.nl/fhir/CodeSystem/monitoring-rule";
    private static final String BUSINESS_STATUS = "https://hartketen.nl/fhir/CodeSystem/task-business-status";
    private static final String PLATFORM = "https://hartketen.nl/fhir/StructureDefinition/monitoring-platform";
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final String MEASUREMENT_IDS = "urn:test:platform-measurement";
    private static final String DE_LINDE_URA = "90002001";
    private static final String MARTINI_URA = "90001002";

    private Practitioner deLindeGp;
    private IGenericClient deLinde;
    private Practitioner martiniCardiologist;
    private String martiniToken;
    private IGenericClient martini;
    private Organization platform;
    private String platformToken;
    private IGenericClient platformClient;
    private NotificationReceiver receiver;

    @BeforeEach
    void network() {
        deLindeGp = newPractitioner("Huisarts" + unique());
        deLinde = clientAs(Tokens.token("gp", deLindeGp.getIdentifierFirstRep().getValue(), DE_LINDE_URA));
        martiniCardiologist = newPractitioner("Cardioloog" + unique());
        martiniToken = Tokens.token(
                "cardiologist", martiniCardiologist.getIdentifierFirstRep().getValue(), MARTINI_URA);
        martini = clientAs(martiniToken);
        platform = newOrganization("Thuismeten " + unique());
        platformToken = Tokens.token("monitoring-platform", null, ura(platform));
        platformClient = clientAs(platformToken);
    }

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop();
        }
    }

    @Test
    void aHeartFailurePatientGoesFromEnrolmentThroughAnAlertToTheEndAndBackToTheGp() throws Exception {
        receiver = new NotificationReceiver(FHIR).start();
        Subscription subscription = new Subscription();
        subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
        subscription.setReason("Alerts for the heart-failure team");
        subscription.setCriteria("Task?owner=Organization/martini&code=" + RULES + "|weight-gain");
        subscription
                .getChannel()
                .setType(Subscription.SubscriptionChannelType.RESTHOOK)
                .setEndpoint(receiver.endpoint())
                .setPayload("application/fhir+json");
        martini.create().resource(subscription).execute();

        Patient patient = newHartNetPatient();
        ServiceRequest referral = heartFailureReferral(patient);
        ServiceRequest enrolment = enrol(referral, platform, Instant.now().minus(10, ChronoUnit.DAYS), 180);
        assertEquals("monitoring", businessStatus(requestTaskOf(martini, enrolment)));
        assertTrue(journeyText(patient).contains("enrolled in telemonitoring"), journeyText(patient));

        // A week of weights, stable, then up 2.4 kg in two days; a blood pressure with it. One transaction.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String series = unique();
        Bundle week = transaction(
                weight(patient, enrolment, series + "-1", now.minus(Duration.ofDays(6)), 80.0),
                weight(patient, enrolment, series + "-2", now.minus(Duration.ofDays(4)), 80.2),
                weight(patient, enrolment, series + "-3", now.minus(Duration.ofDays(2)), 80.1),
                bloodPressure(patient, enrolment, series + "-4", now.minus(Duration.ofHours(2)), 118, 76),
                weight(patient, enrolment, series + "-5", now.minus(Duration.ofHours(1)), 82.5));
        Bundle stored = platformClient.transaction().withBundle(week).execute();
        assertTrue(stored.getEntry().stream()
                .allMatch(e -> e.getResponse().getStatus().startsWith("201")));

        List<Task> alerts = alertsOf(enrolment);
        assertEquals(1, alerts.size(), "one alert: the weight gain");
        Task alert = alerts.get(0);
        assertEquals("weight-gain", alert.getCode().getCodingFirstRep().getCode());
        assertEquals("Organization/martini", alert.getOwner().getReference());
        assertTrue(alert.getDescription().contains("up 2.4 kg"), alert.getDescription());
        assertEquals(Task.TaskStatus.REQUESTED, alert.getStatus());

        // The platform resends the same batch (its answer was lost): nothing is stored twice, no second alert.
        Bundle again = platformClient.transaction().withBundle(week).execute();
        assertTrue(again.getEntry().stream()
                .allMatch(e -> e.getResponse().getStatus().startsWith("200")));
        assertEquals(5, observationsOf(enrolment).getTotal());
        assertEquals(1, alertsOf(enrolment).size());

        // The team hears of it, acknowledges it, and closes it with a visit.
        String alertId = alert.getIdElement().getIdPart();
        receiver.awaitFocus("Task/" + alertId, 1, Duration.ofSeconds(60));
        alert.setStatus(Task.TaskStatus.ACCEPTED);
        alert = (Task) martini.update().resource(alert).execute().getResource();
        HttpResponse<String> withoutAction = sendAs(
                martiniToken,
                "PUT",
                "/Task/" + alertId,
                FHIR_JSON,
                FHIR.newJsonParser().encodeResourceToString(alert.copy().setStatus(Task.TaskStatus.COMPLETED)));
        assertEquals(422, withoutAction.statusCode(), withoutAction.body());
        assertTrue(withoutAction.body().contains("Task.businessStatus"), withoutAction.body());
        alert.setStatus(Task.TaskStatus.COMPLETED);
        alert.setBusinessStatus(new CodeableConcept(new Coding(BUSINESS_STATUS, "visit-planned", "Visit planned")));
        martini.update().resource(alert).execute();

        // The team ends monitoring; the platform can send no more; the patient goes back to the GP with a letter.
        enrolment.setStatus(ServiceRequest.ServiceRequestStatus.COMPLETED);
        martini.update().resource(enrolment).execute();
        Task ended = requestTaskOf(martini, enrolment);
        assertEquals(Task.TaskStatus.COMPLETED, ended.getStatus());
        assertEquals("monitoring-ended", businessStatus(ended));
        assertTrue(
                ended.getStatusReason().getText().contains("the team decided"),
                ended.getStatusReason().getText());
        HttpResponse<String> late = sendAs(
                platformToken,
                "POST",
                "/Observation",
                FHIR_JSON,
                FHIR.newJsonParser().encodeResourceToString(weight(patient, enrolment, series + "-6", now, 81.0)));
        assertEquals(422, late.statusCode(), late.body());
        assertTrue(late.body().contains("no longer monitored"), late.body());

        martini.transaction()
                .withBundle(letterAndBackReferral(patient, referral))
                .execute();
        EpisodeOfCare episode = (EpisodeOfCare) deLinde.search()
                .forResource(EpisodeOfCare.class)
                .where(EpisodeOfCare.PATIENT.hasId(reference(patient)))
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource();
        assertEquals(
                EpisodeOfCare.EpisodeOfCareStatus.FINISHED, episode.getStatus(), "back at the GP: the loop closed");
        assertEquals("referred-back", businessStatus(requestTaskOf(deLinde, referral)));
        assertTrue(journeyText(patient).contains("telemonitoring: monitoring-ended"), journeyText(patient));
    }

    @Test
    void eachThresholdOfHeartFailureRaisesItsAlertOnceWhileItIsOpen() throws Exception {
        Patient patient = newHartNetPatient();
        ServiceRequest enrolment =
                enrol(heartFailureReferral(patient), platform, Instant.now().minus(5, ChronoUnit.DAYS), 90);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String id = unique();
        platformClient
                .transaction()
                .withBundle(transaction(
                        weight(patient, enrolment, id + "-w1", now.minus(Duration.ofDays(4)), 70.0),
                        // 2.0 kg, but over 4 days: outside the 3-day window
                        weight(patient, enrolment, id + "-w2", now.minus(Duration.ofMinutes(50)), 72.0),
                        bloodPressure(patient, enrolment, id + "-bp1", now.minus(Duration.ofMinutes(40)), 85, 55),
                        bloodPressure(patient, enrolment, id + "-bp2", now.minus(Duration.ofMinutes(35)), 84, 52),
                        single(
                                patient,
                                enrolment,
                                id + "-hr",
                                now.minus(Duration.ofMinutes(30)),
                                "8867-4",
                                131,
                                "/min"),
                        single(patient, enrolment, id + "-o2", now.minus(Duration.ofMinutes(20)), "59408-5", 88, "%")))
                .execute();
        List<String> rules = alertsOf(enrolment).stream()
                .map(task -> task.getCode().getCodingFirstRep().getCode())
                .sorted()
                .toList();
        assertEquals(
                List.of("high-heart-rate", "low-oxygen-saturation", "low-systolic-pressure"),
                rules,
                "no weight alert (outside the window), one low pressure alert while it is open");
    }

    @Test
    void badMeasurementsAreRefusedAtTheirElementAndABadBatchStoresNothing() throws Exception {
        Patient patient = newHartNetPatient();
        ServiceRequest enrolment =
                enrol(heartFailureReferral(patient), platform, Instant.now().minus(5, ChronoUnit.DAYS), 90);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertRefused(
                single(patient, enrolment, unique(), now, "29463-7", 180, "[lb_av]"),
                "Observation.valueQuantity",
                "UCUM 'kg'");
        assertRefused(weight(patient, enrolment, unique(), now, 900), "Observation.valueQuantity", "not plausible");
        assertRefused(single(patient, enrolment, unique(), now, "2339-0", 5.4, "mmol/L"), "Observation.code", "LOINC");
        assertRefused(
                weight(patient, enrolment, unique(), now.plus(Duration.ofHours(2)), 80),
                "Observation.effectiveDateTime",
                "future");
        Observation noDevice = weight(patient, enrolment, unique(), now, 80);
        noDevice.setDevice(null);
        assertRefused(noDevice, "Observation.device", "identifier");
        Observation noIdentifier = weight(patient, enrolment, unique(), now, 80);
        noIdentifier.setIdentifier(null);
        assertRefused(noIdentifier, "Observation.identifier", "not stored twice");
        Observation otherPatient = weight(newHartNetPatient(), enrolment, unique(), now, 80);
        assertRefused(otherPatient, "Observation.subject", "enrolled patient");
        assertRefused(bloodPressure(patient, enrolment, unique(), now, 70, 90), "Observation.component", "systolic");

        Bundle mixed = transaction(
                weight(patient, enrolment, unique(), now.minus(Duration.ofMinutes(3)), 80),
                weight(patient, enrolment, unique(), now.minus(Duration.ofMinutes(2)), 8000));
        HttpResponse<String> refused = sendAs(
                platformToken, "POST", "", FHIR_JSON, FHIR.newJsonParser().encodeResourceToString(mixed));
        assertEquals(422, refused.statusCode(), refused.body());
        assertEquals(0, observationsOf(enrolment).getTotal(), "a transaction with a bad entry stores none of it");

        // As a batch, the good entry is stored and the bad one refused at its element.
        mixed.setType(Bundle.BundleType.BATCH);
        Bundle answered = platformClient.transaction().withBundle(mixed).execute();
        assertEquals("201 Created", answered.getEntry().get(0).getResponse().getStatus());
        assertTrue(answered.getEntry().get(1).getResponse().getStatus().startsWith("422"));
        assertTrue(FHIR.newJsonParser()
                .encodeResourceToString(answered.getEntry().get(1).getResponse().getOutcome())
                .contains("not plausible"));
        assertEquals(1, observationsOf(enrolment).getTotal());
    }

    @Test
    void onlyTheEnrolledPlatformSendsAndItSeesNothingElseOfTheRecord() throws Exception {
        Patient patient = newHartNetPatient();
        ServiceRequest referral = heartFailureReferral(patient);
        ServiceRequest enrolment = enrol(referral, platform, Instant.now().minus(5, ChronoUnit.DAYS), 90);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        Organization otherPlatform = newOrganization("Andere thuismeting " + unique());
        String otherToken = Tokens.token("monitoring-platform", null, ura(otherPlatform));
        HttpResponse<String> other = sendAs(
                otherToken,
                "POST",
                "/Observation",
                FHIR_JSON,
                FHIR.newJsonParser().encodeResourceToString(weight(patient, enrolment, unique(), now, 80)));
        assertEquals(422, other.statusCode(), other.body());
        assertTrue(other.body().contains("not an enrolment in telemonitoring with your platform"), other.body());

        assertEquals(
                200,
                sendAs(
                                platformToken,
                                "GET",
                                "/ServiceRequest/" + enrolment.getIdElement().getIdPart(),
                                null,
                                null)
                        .statusCode());
        assertEquals(
                200,
                sendAs(platformToken, "GET", "/" + reference(patient), null, null)
                        .statusCode());
        assertEquals(
                403,
                sendAs(
                                platformToken,
                                "GET",
                                "/ServiceRequest/" + referral.getIdElement().getIdPart(),
                                null,
                                null)
                        .statusCode(),
                "the platform does not see the referral");
        assertEquals(
                0,
                platformClient
                        .search()
                        .forResource(EpisodeOfCare.class)
                        .returnBundle(Bundle.class)
                        .execute()
                        .getTotal(),
                "nor the episode");
        assertEquals(
                403,
                sendAs(
                                platformToken,
                                "POST",
                                "/ServiceRequest",
                                FHIR_JSON,
                                FHIR.newJsonParser().encodeResourceToString(heartFailureReferralDraft(patient)))
                        .statusCode(),
                "a platform writes measurements only");
        assertEquals(
                403,
                sendAs(
                                martiniToken,
                                "POST",
                                "/Observation",
                                FHIR_JSON,
                                FHIR.newJsonParser()
                                        .encodeResourceToString(weight(patient, enrolment, unique(), now, 80)))
                        .statusCode(),
                "measurements come from the platform");

        platformClient
                .create()
                .resource(weight(patient, enrolment, unique(), now, 80))
                .execute();
        assertEquals(1, observationsOf(enrolment).getTotal(), "the team sees the measurement");
        Practitioner elsewhere = newPractitioner("Huisarts" + unique());
        IGenericClient otherPractice =
                clientAs(Tokens.token("gp", elsewhere.getIdentifierFirstRep().getValue(), "90002002"));
        assertEquals(
                0,
                otherPractice
                        .search()
                        .byUrl("Observation?based-on=" + reference(enrolment))
                        .returnBundle(Bundle.class)
                        .execute()
                        .getTotal(),
                "another practice does not");
    }

    @Test
    void anEnrolmentNeedsAPlatformAPeriodAndACarePathWithTelemonitoring() throws Exception {
        Patient patient = newHartNetPatient();
        ServiceRequest referral = heartFailureReferral(patient);
        ServiceRequest withoutPlatform = enrolmentDraft(referral, platform, Instant.now(), 90);
        withoutPlatform.getExtension().clear();
        assertEnrolmentRefused(withoutPlatform, "ServiceRequest.extension");
        ServiceRequest withoutPeriod = enrolmentDraft(referral, platform, Instant.now(), 90);
        withoutPeriod.setOccurrence(null);
        assertEnrolmentRefused(withoutPeriod, "ServiceRequest.occurrence[x]");

        ServiceRequest chestPain = referral(patient, deLindeGp, shipped("martini"));
        chestPain.setCode(new CodeableConcept(new Coding(SERVICE, "chest-pain-clinic", "Chest-pain clinic")));
        ServiceRequest chestPainReferral =
                (ServiceRequest) deLinde.create().resource(chestPain).execute().getResource();
        assertEnrolmentRefused(
                enrolmentDraft(chestPainReferral, platform, Instant.now(), 90), "ServiceRequest.basedOn");

        HttpResponse<String> byTheGp = sendAs(
                Tokens.token("gp", deLindeGp.getIdentifierFirstRep().getValue(), DE_LINDE_URA),
                "POST",
                "/ServiceRequest",
                FHIR_JSON,
                FHIR.newJsonParser()
                        .encodeResourceToString(enrolmentDraft(referral, platform, Instant.now(), 90)
                                .setRequester(new Reference(reference(deLindeGp)))));
        assertEquals(422, byTheGp.statusCode(), "only the hospital the referral went to enrols: " + byTheGp.body());
    }

    @Test
    void monitoringEndsByItselfWhenItsPeriodIsOver() throws Exception {
        Patient patient = newHartNetPatient();
        ServiceRequest enrolment = enrolmentDraft(
                heartFailureReferral(patient), platform, Instant.now().minusSeconds(60), 0);
        enrolment.getOccurrencePeriod().setEnd(Date.from(Instant.now().plusSeconds(2)));
        ServiceRequest stored =
                (ServiceRequest) martini.create().resource(enrolment).execute().getResource();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Task task = requestTaskOf(martini, stored);
        while (!"monitoring-ended".equals(businessStatus(task)) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            task = requestTaskOf(martini, stored);
        }
        assertEquals("monitoring-ended", businessStatus(task));
        assertTrue(
                task.getStatusReason().getText().contains("period ended"),
                task.getStatusReason().getText());
    }

    // --- helpers

    private Patient newHartNetPatient() {
        Patient patient = new Patient();
        patient.addGeneralPractitioner(new Reference("Organization/hap-de-linde"));
        patient.addIdentifier().setSystem("https://test.example/patient").setValue(unique());
        patient.addName().setFamily("Thuis" + unique()).addGiven("Test");
        return (Patient) deLinde.create().resource(patient).execute().getResource();
    }

    private ServiceRequest heartFailureReferralDraft(Patient patient) {
        ServiceRequest request = referral(patient, deLindeGp, shipped("martini"));
        request.setCode(new CodeableConcept(new Coding(SERVICE, "heart-failure-clinic", "Heart-failure clinic")));
        request.setReasonCode(List.of(new CodeableConcept(new Coding(SNOMED, "84114007", "Heart failure"))));
        return request;
    }

    private ServiceRequest heartFailureReferral(Patient patient) {
        return (ServiceRequest) deLinde.create()
                .resource(heartFailureReferralDraft(patient))
                .execute()
                .getResource();
    }

    private ServiceRequest enrolmentDraft(ServiceRequest referral, Organization platform, Instant start, int days) {
        ServiceRequest enrolment = new ServiceRequest();
        enrolment.addExtension(PLATFORM, new Reference(platform.getIdElement().toUnqualifiedVersionless()));
        enrolment.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        enrolment.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        enrolment.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "telemonitoring", "Telemonitoring")));
        enrolment.setCode(new CodeableConcept(new Coding(SERVICE, "telemonitoring", "Telemonitoring")));
        enrolment.setSubject(referral.getSubject());
        enrolment.setRequester(new Reference(reference(martiniCardiologist)));
        enrolment.addPerformer(new Reference("Organization/martini"));
        enrolment.addBasedOn(new Reference(reference(referral)));
        enrolment.setOccurrence(new Period()
                .setStart(Date.from(start))
                .setEnd(Date.from(start.plus(Duration.ofDays(Math.max(days, 1))))));
        return enrolment;
    }

    private ServiceRequest enrol(ServiceRequest referral, Organization platform, Instant start, int days) {
        return (ServiceRequest) martini.create()
                .resource(enrolmentDraft(referral, platform, start, days))
                .execute()
                .getResource();
    }

    private void assertEnrolmentRefused(ServiceRequest enrolment, String location) throws Exception {
        HttpResponse<String> response = sendAs(
                martiniToken,
                "POST",
                "/ServiceRequest",
                FHIR_JSON,
                FHIR.newJsonParser().encodeResourceToString(enrolment));
        assertEquals(422, response.statusCode(), response.body());
        assertTrue(response.body().contains(location), location + " in " + response.body());
    }

    private void assertRefused(Observation observation, String location, String says) throws Exception {
        HttpResponse<String> response = sendAs(
                platformToken,
                "POST",
                "/Observation",
                FHIR_JSON,
                FHIR.newJsonParser().encodeResourceToString(observation));
        assertEquals(422, response.statusCode(), response.body());
        assertTrue(response.body().contains(location), location + " in " + response.body());
        assertTrue(response.body().contains(says), says + " in " + response.body());
    }

    private static Observation measurement(
            Patient patient, ServiceRequest enrolment, String id, Instant at, String loinc) {
        Observation observation = new Observation();
        observation.addIdentifier(new Identifier().setSystem(MEASUREMENT_IDS).setValue(id));
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")));
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", loinc, null)));
        observation.setSubject(new Reference(reference(patient)));
        observation.addBasedOn(new Reference(reference(enrolment)));
        observation.setEffective(new DateTimeType(
                Date.from(at),
                ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND,
                java.util.TimeZone.getTimeZone(ZoneOffset.ofHours(1))));
        observation
                .getDevice()
                .setIdentifier(new Identifier().setSystem("urn:test:device").setValue("SCALE-7"));
        return observation;
    }

    private static Observation single(
            Patient patient, ServiceRequest enrolment, String id, Instant at, String loinc, double value, String unit) {
        Observation observation = measurement(patient, enrolment, id, at, loinc);
        observation.setValue(
                new Quantity().setValue(value).setSystem(UCUM).setCode(unit).setUnit(unit));
        return observation;
    }

    private static Observation weight(Patient patient, ServiceRequest enrolment, String id, Instant at, double kg) {
        return single(patient, enrolment, id, at, "29463-7", kg, "kg");
    }

    private static Observation bloodPressure(
            Patient patient, ServiceRequest enrolment, String id, Instant at, int systolic, int diastolic) {
        Observation observation = measurement(patient, enrolment, id, at, "85354-9");
        observation
                .addComponent()
                .setCode(new CodeableConcept(new Coding("http://loinc.org", "8480-6", null)))
                .setValue(new Quantity().setValue(systolic).setSystem(UCUM).setCode("mm[Hg]"));
        observation
                .addComponent()
                .setCode(new CodeableConcept(new Coding("http://loinc.org", "8462-4", null)))
                .setValue(new Quantity().setValue(diastolic).setSystem(UCUM).setCode("mm[Hg]"));
        return observation;
    }

    private static Bundle transaction(Observation... observations) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Observation observation : observations) {
            bundle.addEntry()
                    .setResource(observation)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("Observation");
        }
        return bundle;
    }

    private List<Task> alertsOf(ServiceRequest enrolment) {
        return martini
                .search()
                .byUrl("Task?focus=" + reference(enrolment) + "&owner=Organization/martini&_count=50")
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(entry -> (Task) entry.getResource())
                .filter(task -> task.getCode().getCodingFirstRep().getSystem() != null
                        && task.getCode().getCodingFirstRep().getSystem().equals(RULES))
                .toList();
    }

    private Bundle observationsOf(ServiceRequest enrolment) {
        return martini.search()
                .byUrl("Observation?based-on=" + reference(enrolment) + "&_count=100&_total=accurate")
                .returnBundle(Bundle.class)
                .execute();
    }

    private static String businessStatus(Task task) {
        return task.getBusinessStatus().getCodingFirstRep().getCode();
    }

    /** The enrolment's own Task: the Task of the request, not the alerts that focus on it too. */
    private static Task requestTaskOf(IGenericClient as, ServiceRequest request) {
        return as
                .search()
                .byUrl("Task?focus=" + reference(request) + "&_count=50")
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(entry -> (Task) entry.getResource())
                .filter(Predicate.not(
                        task -> RULES.equals(task.getCode().getCodingFirstRep().getSystem())))
                .findFirst()
                .orElseThrow();
    }

    private String journeyText(Patient patient) {
        Parameters journey = deLinde.operation()
                .onInstance(patient.getIdElement().toUnqualifiedVersionless())
                .named("$journey")
                .withNoParameters(Parameters.class)
                .execute();
        return FHIR.newJsonParser().encodeResourceToString(journey);
    }

    private Bundle letterAndBackReferral(Patient patient, ServiceRequest closes) {
        DocumentReference letter = new DocumentReference();
        letter.setStatus(org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.CURRENT);
        letter.setType(new CodeableConcept(new Coding("http://loinc.org", "18842-5", "Discharge summary")));
        letter.setSubject(new Reference(reference(patient)));
        letter.setDate(new Date());
        letter.addContent()
                .getAttachment()
                .setContentType("text/plain")
                .setData("Stabiel na thuismonitoring; graag jaarlijkse controle."
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String letterUrl = "urn:uuid:" + java.util.UUID.randomUUID();
        bundle.addEntry()
                .setFullUrl(letterUrl)
                .setResource(letter)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("DocumentReference");
        ServiceRequest back = referral(patient, martiniCardiologist, shipped("hap-de-linde"));
        back.setCategory(List.of(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "back-referral", "Back-referral"))));
        back.setCode(
                new CodeableConcept(new Coding(SNOMED, "306206005", "Referral to service")).setText("Terugverwijzing"));
        back.addBasedOn(new Reference(reference(closes)));
        back.addSupportingInfo(new Reference(letterUrl));
        bundle.addEntry()
                .setResource(back)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("ServiceRequest");
        return bundle;
    }
}
