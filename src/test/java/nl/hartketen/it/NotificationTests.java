package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rest-hook notifications (docs/notifications.md), received by a real HTTP server that each test starts on loopback.
 * The container runs with short retries (first 0.2 s, at most 1 s, error after 10 failures in a row: see pom.xml).
 */
public abstract class NotificationTests extends ContainerTest {

    private static final String MESSAGE = "https://hartketen.nl/fhir/CodeSystem/consult-message";
    private static final String PAYLOAD_CONTENT =
            "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content";

    private final List<NotificationReceiver> receivers = new ArrayList<>();

    @AfterEach
    void stopReceivers() {
        receivers.forEach(NotificationReceiver::stop);
    }

    @Test
    void theGpHearsEveryStepOfItsReferralInOrderAndAnotherPracticeHearsNothing() throws Exception {
        NotificationReceiver gpSystem = receiver();
        Subscription subscription = subscribe(fhir, "Task", gpSystem, null);
        assertEquals(Subscription.SubscriptionStatus.ACTIVE, subscription.getStatus());

        // another practice watches every Task and ServiceRequest it may see
        NotificationReceiver otherSystem = receiver();
        IGenericClient otherGp = otherPractice();
        subscribe(otherGp, "Task", otherSystem, null);
        subscribe(otherGp, "ServiceRequest", otherSystem, null);

        ServiceRequest sent = (ServiceRequest)
                fhir.create().resource(referral(newParties())).execute().getResource();
        Task task = taskOf(sent);
        for (Task.TaskStatus next : List.of(Task.TaskStatus.RECEIVED, Task.TaskStatus.ACCEPTED)) {
            task.setStatus(next);
            task = (Task) hospital.update().resource(task).execute().getResource();
        }
        String taskId = task.getIdElement().getIdPart();

        List<NotificationReceiver.Event> events = gpSystem.awaitFocus("Task/" + taskId, 3, Duration.ofSeconds(60));
        assertEquals(
                List.of(
                        "Task/" + taskId + "/_history/1",
                        "Task/" + taskId + "/_history/2",
                        "Task/" + taskId + "/_history/3"),
                events.stream().map(NotificationReceiver.Event::focus).toList(),
                "every step, in order, by reference");
        for (NotificationReceiver.Event event : events) {
            assertNull(event.resource(), "id-only unless the subscription asks for more");
            assertEquals(subscription.getIdElement().toUnqualifiedVersionless().getValue(), event.subscription());
        }
        gpSystem.assertArrivedInOrder();

        // The other practice's receiver stays silent about this patient, however long we wait.
        Thread.sleep(1500);
        assertTrue(
                otherSystem.events().stream()
                        .noneMatch(event -> event.focus().contains(taskId)
                                || event.focus().contains(sent.getIdElement().getIdPart())),
                "another practice hears nothing of a patient it is not involved with");

        // Each delivery is recorded as a disclosure to the subscriber.
        Bundle disclosures = admin.search()
                .byUrl("AuditEvent?entity="
                        + subscription.getIdElement().toUnqualifiedVersionless().getValue()
                        + "&subtype=operation&_total=accurate")
                .returnBundle(Bundle.class)
                .execute();
        assertTrue(disclosures.getTotal() >= 3, "a disclosure per delivery: " + disclosures.getTotal());
    }

    @Test
    void theGpHearsOfTheAppointmentTheConsultAnswerAndTheBackReferralWithItsLetter() throws Exception {
        NotificationReceiver gpSystem = receiver();
        subscribe(fhir, "Appointment", gpSystem, "full-resource");
        subscribe(fhir, "Communication?category=" + MESSAGE + "|answer", gpSystem, "full-resource");
        subscribe(fhir, "ServiceRequest?category=" + CATEGORY_SYSTEM + "|back-referral", gpSystem, "full-resource");
        Parties parties = newParties();
        Practitioner cardiologist = newPractitioner("Cardioloog" + unique());
        IGenericClient atHospital = clientAs(Tokens.token(
                "cardiologist", cardiologist.getIdentifierFirstRep().getValue(), ura(parties.hospital())));
        ServiceRequest sent = (ServiceRequest)
                fhir.create().resource(referral(parties)).execute().getResource();

        // booked, then cancelled
        Appointment appointment = new Appointment();
        appointment.setStatus(Appointment.AppointmentStatus.BOOKED);
        appointment.addBasedOn(new Reference(sent.getIdElement().toUnqualifiedVersionless()));
        appointment.setStart(new Date(System.currentTimeMillis() + 86_400_000L));
        appointment.setEnd(new Date(System.currentTimeMillis() + 86_400_000L + 1_200_000L));
        appointment
                .addParticipant()
                .setActor(new Reference(parties.patient().getIdElement().toUnqualifiedVersionless()))
                .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        Appointment booked = (Appointment)
                atHospital.create().resource(appointment).execute().getResource();
        booked.setStatus(Appointment.AppointmentStatus.CANCELLED);
        atHospital.update().resource(booked).execute();
        List<NotificationReceiver.Event> appointments = gpSystem.awaitFocus(
                booked.getIdElement().toUnqualifiedVersionless().getValue(), 2, Duration.ofSeconds(60));
        assertEquals(
                List.of(Appointment.AppointmentStatus.BOOKED, Appointment.AppointmentStatus.CANCELLED),
                appointments.stream()
                        .map(event -> ((Appointment) event.resource()).getStatus())
                        .toList());

        // a meekijkconsult answered
        ServiceRequest question = referral(parties);
        question.getCategoryFirstRep().getCodingFirstRep().setCode("meekijkconsult");
        question.addExtension(
                "https://hartketen.nl/fhir/StructureDefinition/conversion-allowed", new BooleanType(false));
        question.addNote().setText("Is dit ECG reden voor verwijzing?");
        ServiceRequest consult =
                (ServiceRequest) fhir.create().resource(question).execute().getResource();
        Communication answer = new Communication();
        answer.setStatus(Communication.CommunicationStatus.COMPLETED);
        answer.addBasedOn(new Reference(consult.getIdElement().toUnqualifiedVersionless()));
        answer.setSubject(consult.getSubject().copy());
        answer.addCategory(new CodeableConcept(new Coding(MESSAGE, "answer", null)));
        answer.setSender(new Reference(parties.hospital().getIdElement().toUnqualifiedVersionless()));
        answer.addRecipient(new Reference(practice.getIdElement().toUnqualifiedVersionless()));
        answer.setSent(new Date());
        answer.addPayload().setContent(new StringType("Geen reden voor verwijzing; controle over een jaar."));
        Communication answered =
                (Communication) atHospital.create().resource(answer).execute().getResource();
        NotificationReceiver.Event heard = gpSystem.awaitFocus(
                        answered.getIdElement().toUnqualifiedVersionless().getValue(), 1, Duration.ofSeconds(60))
                .get(0);
        assertEquals(
                "Geen reden voor verwijzing; controle over een jaar.",
                ((Communication) heard.resource())
                        .getPayloadFirstRep()
                        .getContentStringType()
                        .getValue());

        // the referral referred back, with its letter
        DocumentReference letter = new DocumentReference();
        letter.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        letter.setType(new CodeableConcept(new Coding("http://loinc.org", "18842-5", "Discharge summary")));
        letter.setSubject(new Reference(parties.patient().getIdElement().toUnqualifiedVersionless()));
        letter.setDescription("Brief bij terugverwijzing");
        letter.addContent()
                .getAttachment()
                .setContentType("text/plain")
                .setData("Controle bij de huisarts.".getBytes());
        Reference storedLetter = new Reference(((DocumentReference)
                        atHospital.create().resource(letter).execute().getResource())
                .getIdElement()
                .toUnqualifiedVersionless());
        ServiceRequest back = referral(parties.patient(), cardiologist, practice);
        back.setCategory(List.of(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "back-referral", "Back-referral"))));
        back.addBasedOn(new Reference(sent.getIdElement().toUnqualifiedVersionless()));
        back.addSupportingInfo(storedLetter);
        ServiceRequest referredBack =
                (ServiceRequest) atHospital.create().resource(back).execute().getResource();
        ServiceRequest announced = (ServiceRequest) gpSystem.awaitFocus(
                        referredBack.getIdElement().toUnqualifiedVersionless().getValue(), 1, Duration.ofSeconds(60))
                .get(0)
                .resource();
        assertEquals(
                "Brief bij terugverwijzing",
                fhir.read()
                        .resource(DocumentReference.class)
                        .withUrl(announced.getSupportingInfoFirstRep().getReference())
                        .execute()
                        .getDescription(),
                "the GP reads the letter the notification names");
        gpSystem.assertOneEventPerVersion();
    }

    @Test
    void whileTheReceiverIsDownNothingIsLostAndRepeatsKeepTheirEventId() throws Exception {
        NotificationReceiver gpSystem = receiver();
        Subscription subscription = subscribe(fhir, "Task", gpSystem, null);
        ServiceRequest sent = (ServiceRequest)
                fhir.create().resource(referral(newParties())).execute().getResource();
        Task task = taskOf(sent);
        String taskId = task.getIdElement().getIdPart();
        gpSystem.awaitFocus("Task/" + taskId, 1, Duration.ofSeconds(60));

        gpSystem.stop();
        for (Task.TaskStatus next :
                List.of(Task.TaskStatus.RECEIVED, Task.TaskStatus.ACCEPTED, Task.TaskStatus.INPROGRESS)) {
            task.setStatus(next);
            task = (Task) hospital.update().resource(task).execute().getResource();
        }
        Thread.sleep(2000); // down for a while: several attempts fail
        gpSystem.start();

        List<NotificationReceiver.Event> events = gpSystem.awaitFocus("Task/" + taskId, 4, Duration.ofSeconds(60));
        assertEquals(4, events.size());
        for (int version = 1; version <= 4; version++) {
            assertEquals(
                    "Task/" + taskId + "/_history/" + version,
                    events.get(version - 1).focus());
        }
        gpSystem.assertArrivedInOrder();
        gpSystem.assertOneEventPerVersion();
        assertEquals(
                Subscription.SubscriptionStatus.ACTIVE,
                fhir.read()
                        .resource(Subscription.class)
                        .withId(subscription.getIdElement().toUnqualifiedVersionless())
                        .execute()
                        .getStatus(),
                "a few seconds away is no error");
    }

    @Test
    void aSlowReceiverDoesNotHoldUpTheApi() throws Exception {
        NotificationReceiver slow = receiver();
        slow.delayMillis.set(3000);
        subscribe(fhir, "Task", slow, null);
        Parties parties = newParties();
        long slowest = 0;
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            ServiceRequest sent = (ServiceRequest)
                    fhir.create().resource(referral(parties)).execute().getResource();
            slowest = Math.max(
                    slowest, Duration.ofNanos(System.nanoTime() - start).toMillis());
            tasks.add("Task/" + taskOf(sent).getIdElement().getIdPart());
        }
        assertTrue(slowest < 2500, "a referral took " + slowest + " ms while the receiver took 3 s per notification");
        for (String task : tasks) {
            slow.awaitFocus(task, 1, Duration.ofSeconds(60));
        }
    }

    @Test
    void afterRepeatedFailuresTheSubscriptionIsInErrorKeepsItsEventsAndCanBeSwitchedBackOn() throws Exception {
        NotificationReceiver failing = receiver();
        failing.status.set(500);
        Subscription subscription = subscribe(fhir, "Task", failing, "full-resource");
        ServiceRequest sent = (ServiceRequest)
                fhir.create().resource(referral(newParties())).execute().getResource();
        String taskId = taskOf(sent).getIdElement().getIdPart();

        Subscription inError = await(
                () -> fhir.read()
                        .resource(Subscription.class)
                        .withId(subscription.getIdElement().toUnqualifiedVersionless())
                        .execute(),
                read -> read.getStatus() == Subscription.SubscriptionStatus.ERROR);
        assertTrue(inError.getError().contains("HTTP 500"), inError.getError());
        assertTrue(failing.attempts.get() >= 10, "tried " + failing.attempts.get() + " times");
        int attempts = failing.attempts.get();
        Thread.sleep(1500);
        assertEquals(attempts, failing.attempts.get(), "no more attempts in error");

        failing.status.set(200);
        inError.setStatus(Subscription.SubscriptionStatus.REQUESTED);
        Subscription again =
                (Subscription) fhir.update().resource(inError).execute().getResource();
        assertEquals(Subscription.SubscriptionStatus.ACTIVE, again.getStatus());
        assertFalse(again.hasError());

        List<NotificationReceiver.Event> events = failing.awaitFocus("Task/" + taskId, 1, Duration.ofSeconds(60));
        Task delivered = (Task) events.get(0).resource();
        assertEquals(taskId, delivered.getIdElement().getIdPart(), "the full resource, as asked");
        assertEquals(
                subscription.getIdElement().toUnqualifiedVersionless().getValue(),
                events.get(0).subscription());
    }

    @Test
    void aSubscriptionIsRefusedWhereItCouldLeakOrNeverWork() throws Exception {
        NotificationReceiver any = receiver();
        assertRefused(subscription(any, "Task").setCriteria("Task?nonsense=1"), "Subscription.criteria");
        assertRefused(subscription(any, "AuditEvent"), "Subscription.criteria");
        Subscription overHttp = subscription(any, "Task");
        overHttp.getChannel().setEndpoint("http://gp-system.example.nl/hook");
        assertRefused(overHttp, "Subscription.channel.endpoint");
        Subscription error = subscription(any, "Task").setStatus(Subscription.SubscriptionStatus.ERROR);
        assertRefused(error, "Subscription.status");
        Subscription websocket = subscription(any, "Task");
        websocket.getChannel().setType(Subscription.SubscriptionChannelType.WEBSOCKET);
        assertRefused(websocket, "Subscription.channel.type");

        org.hl7.fhir.r4.model.CapabilityStatement metadata = fhir.capabilities()
                .ofType(org.hl7.fhir.r4.model.CapabilityStatement.class)
                .execute();
        String documentation = metadata.getRestFirstRep().getResource().stream()
                .filter(resource -> resource.getType().equals("Subscription"))
                .findFirst()
                .orElseThrow()
                .getDocumentation();
        assertTrue(
                documentation.contains("rest-hook only") && documentation.contains("not supported"),
                "the CapabilityStatement says what is supported: " + documentation);

        Subscription mine = subscribe(fhir, "Task", any, null);
        expect(
                ForbiddenOperationException.class,
                () -> otherPractice()
                        .read()
                        .resource(Subscription.class)
                        .withId(mine.getIdElement())
                        .execute());
    }

    private void assertRefused(Subscription subscription, String location) throws Exception {
        HttpResponse<String> response =
                send("POST", "/Subscription", FHIR_JSON, FHIR.newJsonParser().encodeResourceToString(subscription));
        assertEquals(422, response.statusCode(), response.body());
        assertTrue(response.body().contains(location), response.body());
    }

    private IGenericClient otherPractice() {
        org.hl7.fhir.r4.model.Organization otherPractice = newOrganization("Praktijk " + unique());
        return clientAs(Tokens.token(
                "gp",
                newPractitioner("Other" + unique()).getIdentifierFirstRep().getValue(),
                ura(otherPractice)));
    }

    private Subscription subscribe(IGenericClient as, String criteria, NotificationReceiver receiver, String content) {
        Subscription subscription = subscription(receiver, criteria);
        if (content != null) {
            subscription.getChannel().getPayloadElement().addExtension(PAYLOAD_CONTENT, new CodeType(content));
        }
        Subscription created =
                (Subscription) as.create().resource(subscription).execute().getResource();
        return created;
    }

    private static <T> T await(java.util.concurrent.Callable<T> read, java.util.function.Predicate<T> until)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        T value = read.call();
        while (!until.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not there after 60 s: " + value);
            }
            Thread.sleep(200);
            value = read.call();
        }
        return value;
    }

    private NotificationReceiver receiver() throws IOException {
        NotificationReceiver receiver = new NotificationReceiver(FHIR).start();
        receivers.add(receiver);
        return receiver;
    }

    private static Subscription subscription(NotificationReceiver receiver, String criteria) {
        Subscription subscription = new Subscription();
        subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
        subscription.setReason("Follow my referrals");
        subscription.setCriteria(criteria);
        subscription
                .getChannel()
                .setType(Subscription.SubscriptionChannelType.RESTHOOK)
                .setEndpoint(receiver.endpoint())
                .setPayload("application/fhir+json");
        return subscription;
    }
}
