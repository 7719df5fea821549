package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** The referral workflow through the FHIR API: numbers, tasks, state moves, events, versions, concurrency. */
abstract class ReferralWorkflowTests extends ContainerTest {

    private static final String REFERRAL_NUMBER = "https://hartketen.nl/fhir/NamingSystem/referral-number";

    @Test
    void aNewReferralGetsANumberAndARequestedTaskOwnedByThePerformer() {
        Parties parties = newParties();
        ServiceRequest created = (ServiceRequest)
                fhir.create().resource(referral(parties)).execute().getResource();

        assertEquals(REFERRAL_NUMBER, created.getIdentifierFirstRep().getSystem());
        assertTrue(created.getIdentifierFirstRep().getValue().matches("HK-[0-9A-Z]{4}-[0-9A-Z]{4}"));
        assertTrue(created.hasAuthoredOn(), "authoredOn is recorded when the sender gives none");
        Task task = taskOf(created);
        assertEquals(Task.TaskStatus.REQUESTED, task.getStatus());
        assertEquals(
                parties.hospital().getIdElement().toUnqualifiedVersionless().getValue(),
                task.getOwner().getReference());
        assertEquals(
                parties.patient().getIdElement().toUnqualifiedVersionless().getValue(),
                task.getFor().getReference());
        assertEquals(
                "ServiceRequest/" + created.getIdElement().getIdPart(),
                task.getFocus().getReference());
    }

    @Test
    void aReferralWithAnIdentifierInUseIsRefusedNamingTheExistingOne() throws Exception {
        Parties parties = newParties();
        ServiceRequest first = referral(parties);
        first.addIdentifier(
                new Identifier().setSystem("https://gp.example/referrals").setValue(unique()));
        String existing = fhir.create().resource(first).execute().getId().getIdPart();

        HttpResponse<String> second =
                send("POST", "/ServiceRequest", FHIR_JSON, FHIR.newJsonParser().encodeResourceToString(first));

        assertEquals(409, second.statusCode());
        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, second.body());
        assertTrue(outcome.getIssueFirstRep().getDiagnostics().contains("ServiceRequest/" + existing), second.body());
        assertEquals(1, countReferrals(first.getIdentifierFirstRep()));
    }

    @Test
    void concurrentConditionalCreatesMakeExactlyOneReferral() throws Exception {
        Parties parties = newParties();
        ServiceRequest request = referral(parties);
        Identifier identifier =
                new Identifier().setSystem("https://gp.example/referrals").setValue(unique());
        request.addIdentifier(identifier);
        String body = FHIR.newJsonParser().encodeResourceToString(request);
        String condition = "identifier=" + identifier.getSystem() + "|" + identifier.getValue();

        List<HttpResponse<String>> responses =
                concurrently(8, () -> send("POST", "/ServiceRequest", FHIR_JSON, body, "If-None-Exist", condition));

        assertEquals(1, responses.stream().filter(r -> r.statusCode() == 201).count(), "exactly one create");
        assertTrue(
                responses.stream().allMatch(r -> r.statusCode() == 201 || r.statusCode() == 200),
                responses.stream().map(HttpResponse::body).collect(Collectors.joining("\n")));
        Set<String> ids = responses.stream()
                .map(r -> FHIR.newJsonParser()
                        .parseResource(ServiceRequest.class, r.body())
                        .getIdElement()
                        .getIdPart())
                .collect(Collectors.toSet());
        assertEquals(1, ids.size(), "everybody got the same referral back");
        assertEquals(1, countReferrals(identifier));
        assertEquals(
                1,
                fhir.search()
                        .forResource(Task.class)
                        .where(Task.FOCUS.hasId(
                                "ServiceRequest/" + ids.iterator().next()))
                        .returnBundle(Bundle.class)
                        .execute()
                        .getTotal(),
                "and one task");
    }

    @Test
    void concurrentCreatesWithTheSameIdentifierLeaveOneReferral() throws Exception {
        ServiceRequest request = referral(newParties());
        Identifier identifier =
                new Identifier().setSystem("https://gp.example/referrals").setValue(unique());
        request.addIdentifier(identifier);
        String body = FHIR.newJsonParser().encodeResourceToString(request);

        List<HttpResponse<String>> responses = concurrently(8, () -> send("POST", "/ServiceRequest", FHIR_JSON, body));

        assertEquals(1, responses.stream().filter(r -> r.statusCode() == 201).count());
        assertEquals(7, responses.stream().filter(r -> r.statusCode() == 409).count());
        assertEquals(1, countReferrals(identifier));
    }

    @Test
    void theTaskMovesAsClinicalOrderWorkflowsSaysAndEveryMoveIsKept() throws Exception {
        ServiceRequest created = create(referral(newParties()));
        Task task = taskOf(created);
        for (Task.TaskStatus next : List.of(
                Task.TaskStatus.RECEIVED,
                Task.TaskStatus.ACCEPTED,
                Task.TaskStatus.INPROGRESS,
                Task.TaskStatus.COMPLETED)) {
            task.setStatus(next);
            task = (Task) hospital.update().resource(task).execute().getResource();
            assertEquals(next, task.getStatus());
        }
        assertEquals("5", task.getMeta().getVersionId());

        HttpResponse<String> events = sendTo(
                application("/api/referrals/" + created.getIdElement().getIdPart() + "/events"),
                gpToken,
                "GET",
                null,
                null);
        assertEquals(200, events.statusCode());
        for (String expected : List.of(
                "\"SUBMITTED\"",
                "\"TASK_CREATED\"",
                "\"REQUESTED\"",
                "\"RECEIVED\"",
                "\"ACCEPTED\"",
                "\"IN_PROGRESS\"",
                "\"COMPLETED\"")) {
            assertTrue(events.body().contains(expected), expected + " in " + events.body());
        }
        assertTrue(events.body().contains("\"occurredAt\""), events.body());
    }

    @Test
    void anIllegalMoveIsRefusedSayingWhichMovesAreAllowed() {
        Task task = taskOf(create(referral(newParties())));
        task.setStatus(Task.TaskStatus.COMPLETED);

        ResourceVersionConflictException refused = expect(
                ResourceVersionConflictException.class,
                () -> hospital.update().resource(task).execute());

        String message = diagnostics(refused.getOperationOutcome());
        assertTrue(message.contains("from requested to completed") && message.contains("accepted"), message);
        assertEquals(
                Task.TaskStatus.REQUESTED,
                fhir.read()
                        .resource(Task.class)
                        .withId(task.getIdElement().getIdPart())
                        .execute()
                        .getStatus(),
                "nothing changed");
    }

    @Test
    void aRejectionNeedsAReason() {
        Task task = taskOf(create(referral(newParties())));
        task.setStatus(Task.TaskStatus.REJECTED);

        UnprocessableEntityException refused = expect(
                UnprocessableEntityException.class,
                () -> hospital.update().resource(task).execute());
        assertEquals(
                "Task.statusReason",
                ((OperationOutcome) refused.getOperationOutcome())
                        .getIssueFirstRep()
                        .getExpression()
                        .get(0)
                        .getValue());

        task.setStatusReason(new CodeableConcept().setText("Geen cardiologische indicatie; advies via meekijkconsult"));
        Task rejected = (Task) hospital.update().resource(task).execute().getResource();
        assertEquals(Task.TaskStatus.REJECTED, rejected.getStatus());
    }

    @Test
    void aTaskOnHoldResumesWhereItWas() {
        Task task = taskOf(create(referral(newParties())));
        task.setStatus(Task.TaskStatus.ACCEPTED);
        task = update(task);
        task.setStatus(Task.TaskStatus.ONHOLD).setStatusReason(new CodeableConcept().setText("patient op vakantie"));
        task = update(task);
        task.setStatus(Task.TaskStatus.RECEIVED);
        Task toReceived = task;
        expect(
                ResourceVersionConflictException.class,
                () -> hospital.update().resource(toReceived).execute());
        task.setStatus(Task.TaskStatus.ACCEPTED);
        assertEquals(Task.TaskStatus.ACCEPTED, update(task).getStatus());
    }

    @Test
    void updatesAreVersionedAndAStaleIfMatchIsRefused() throws Exception {
        ServiceRequest created = create(referral(newParties()));
        String id = created.getIdElement().getIdPart();
        created.addNote().setText("Aanvullende informatie: ECG bijgevoegd");
        HttpResponse<String> updated = send(
                "PUT",
                "/ServiceRequest/" + id,
                FHIR_JSON,
                FHIR.newJsonParser().encodeResourceToString(created),
                "If-Match",
                "W/\"1\"");
        assertEquals(200, updated.statusCode(), updated.body());
        assertEquals("W/\"2\"", updated.headers().firstValue("ETag").orElseThrow());

        HttpResponse<String> stale = send(
                "PUT",
                "/ServiceRequest/" + id,
                FHIR_JSON,
                FHIR.newJsonParser().encodeResourceToString(created),
                "If-Match",
                "W/\"1\"");
        assertEquals(412, stale.statusCode());
        assertTrue(stale.body().contains("OperationOutcome") && stale.body().contains("version 2"), stale.body());

        assertEquals(
                0,
                fhir.read()
                        .resource(ServiceRequest.class)
                        .withIdAndVersion(id, "1")
                        .execute()
                        .getNote()
                        .size());
        assertEquals(
                1,
                fhir.read()
                        .resource(ServiceRequest.class)
                        .withIdAndVersion(id, "2")
                        .execute()
                        .getNote()
                        .size());
        Bundle history = fhir.history()
                .onInstance("ServiceRequest/" + id)
                .returnBundle(Bundle.class)
                .execute();
        assertEquals(2, history.getEntry().size());
        expect(
                PreconditionFailedException.class,
                () -> fhir.update()
                        .resource(created)
                        .withId("ServiceRequest/" + id + "/_history/1")
                        .execute());
    }

    @Test
    void theSenderMayRevokeButNotMoveTheReferralToAnotherPatient() {
        ServiceRequest created = create(referral(newParties()));
        ServiceRequest otherPatient = created.copy();
        otherPatient.setSubject(new Reference(newPatient("Ander").getIdElement().toUnqualifiedVersionless()));
        UnprocessableEntityException refused = expect(
                UnprocessableEntityException.class,
                () -> fhir.update().resource(otherPatient).execute());
        assertTrue(diagnostics(refused.getOperationOutcome()).contains("another patient"));

        created.setStatus(ServiceRequest.ServiceRequestStatus.REVOKED);
        ServiceRequest revoked =
                (ServiceRequest) fhir.update().resource(created).execute().getResource();
        assertEquals(ServiceRequest.ServiceRequestStatus.REVOKED, revoked.getStatus());
        revoked.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        ResourceVersionConflictException reactivated = expect(
                ResourceVersionConflictException.class,
                () -> fhir.update().resource(revoked).execute());
        assertTrue(diagnostics(reactivated.getOperationOutcome()).contains("revoked is final"));
    }

    @Test
    void aTransactionThatCarriesItsOwnTaskGetsNoSecondOne() {
        Parties parties = newParties();
        ServiceRequest request = referral(parties);
        Task task = new Task();
        task.setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
        task.setFocus(new Reference("urn:uuid:6f1e3f0e-0000-4000-8000-000000000001"));
        task.setFor(request.getSubject().copy())
                .setOwner(request.getPerformerFirstRep().copy());
        task.setBusinessStatus(new CodeableConcept(new Coding("https://gp.example/status", "sent", null)));
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction
                .addEntry()
                .setFullUrl("urn:uuid:6f1e3f0e-0000-4000-8000-000000000002")
                .setResource(task)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Task");
        transaction
                .addEntry()
                .setFullUrl("urn:uuid:6f1e3f0e-0000-4000-8000-000000000001")
                .setResource(request)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("ServiceRequest");

        Bundle response = fhir.transaction().withBundle(transaction).execute();

        String requestId =
                response.getEntry().get(1).getResponse().getLocation().split("/")[1];
        Bundle tasks = fhir.search()
                .forResource(Task.class)
                .where(Task.FOCUS.hasId("ServiceRequest/" + requestId))
                .returnBundle(Bundle.class)
                .execute();
        assertEquals(1, tasks.getTotal());
        assertEquals(
                "sent",
                ((Task) tasks.getEntryFirstRep().getResource())
                        .getBusinessStatus()
                        .getCodingFirstRep()
                        .getCode());
    }

    private ServiceRequest create(ServiceRequest request) {
        return (ServiceRequest) fhir.create().resource(request).execute().getResource();
    }

    private Task update(Task task) {
        MethodOutcome outcome = hospital.update().resource(task).execute();
        return (Task) outcome.getResource();
    }

    private int countReferrals(Identifier identifier) {
        return fhir.search()
                .forResource(ServiceRequest.class)
                .where(ServiceRequest.IDENTIFIER
                        .exactly()
                        .systemAndIdentifier(identifier.getSystem(), identifier.getValue()))
                .returnBundle(Bundle.class)
                .execute()
                .getTotal();
    }

    private static <T> List<T> concurrently(int clients, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                futures.add(pool.submit(call));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
