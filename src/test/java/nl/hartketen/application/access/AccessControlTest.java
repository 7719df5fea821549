package nl.hartketen.application.access;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import nl.hartketen.domain.referral.TaskStatus;
import nl.hartketen.domain.shared.Identifier;
import nl.hartketen.domain.shared.Role;
import nl.hartketen.testsupport.MiddleLayer;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The access rules applied to who is involved with what, as stored in resource_party (AccessPolicyTest has the rules
 * on their own). A GP practice referred its patient p1 to the Martini (sr1, its Task t1); p2 is another practice's
 * patient; the UMCG has nothing to do with either.
 */
class AccessControlTest {

    private static final String LINDE = "Organization/hap-de-linde";
    private static final String MARTINI = "Organization/martini";
    private static final String UMCG = "Organization/umcg";
    private static final String OTHER_PRACTICE = "Organization/hap-elders";

    private static final Caller GP = caller(Role.GP, LINDE);
    private static final Caller CARDIOLOGIST = caller(Role.CARDIOLOGIST, MARTINI);
    private static final Caller OUTSIDER = caller(Role.CARDIOLOGIST, UMCG);
    private static final Caller ADMIN = caller(Role.ADMIN, null);

    private static MiddleLayer layer;
    private static AccessControl access;

    @BeforeAll
    static void aReferralFromThePracticeToTheMartini() {
        layer = MiddleLayer.open();
        access = layer.access();
        layer.store(new Patient().setActive(true).setId("p1"));
        layer.store(new Patient().setActive(true).setId("p2"));
        access.involve("Patient/p1", List.of(LINDE), Relation.INVOLVED);
        access.involve("Patient/p2", List.of(OTHER_PRACTICE), Relation.INVOLVED);
        access.involve("ServiceRequest/sr1", List.of(LINDE), Relation.SENDER);
        access.involve("ServiceRequest/sr1", List.of(MARTINI), Relation.RECEIVER);
        access.involve("Patient/p1", List.of(MARTINI), Relation.INVOLVED);
        access.involveAs("Task/t1", "ServiceRequest/sr1");
        layer.commit();
    }

    @AfterEach
    void undoChanges() {
        layer.rollback();
    }

    @AfterAll
    static void dropTheDatabase() {
        layer.close();
    }

    @Test
    void anInvolvedOrganizationReadsAndOthersAreRefusedAlikeWhetherTheRecordExistsOrNot() {
        assertDoesNotThrow(() -> access.requireMayRead(GP, "Patient", "p1"));
        assertDoesNotThrow(() -> access.requireMayRead(CARDIOLOGIST, "Patient", "p1"));
        String hidden = assertThrows(AccessDenied.class, () -> access.requireMayRead(GP, "Patient", "p2"))
                .getMessage();
        String missing = assertThrows(AccessDenied.class, () -> access.requireMayRead(GP, "Patient", "p9"))
                .getMessage();
        assertEquals("your organization is not involved with Patient/p2", hidden);
        assertEquals(
                hidden.replace("p2", "p9"), missing, "a missing record is refused in the same words as a hidden one");
        assertThrows(AccessDenied.class, () -> access.requireMayRead(OUTSIDER, "ServiceRequest", "sr1"));
        assertDoesNotThrow(
                () -> access.requireMayRead(OUTSIDER, "Organization", "linde"), "directory data is for everyone");
        assertDoesNotThrow(() -> access.requireMayRead(Caller.system(), "Patient", "p2"));
    }

    @Test
    void involvementIsRecordedOnceAndTakesEffectAtOnce() {
        assertThrows(AccessDenied.class, () -> access.requireMayRead(OUTSIDER, "Patient", "p1"));
        access.involve("Patient/p1", List.of(UMCG, UMCG), Relation.INVOLVED);
        access.involve("Patient/p1", List.of(UMCG), Relation.INVOLVED);
        assertDoesNotThrow(() -> access.requireMayRead(OUTSIDER, "Patient", "p1"));
        assertEquals(Set.of(LINDE, MARTINI, UMCG), access.organizationsWith("Patient/p1", Relation.INVOLVED));
        layer.rollback();
        assertThrows(
                AccessDenied.class,
                () -> access.requireMayRead(OUTSIDER, "Patient", "p1"),
                "undone with its transaction");
    }

    @Test
    void aTaskHasTheSamePartiesAsItsRequest() {
        assertEquals(Set.of(LINDE), access.organizationsWith("Task/t1", Relation.SENDER));
        assertEquals(Set.of(MARTINI), access.organizationsWith("Task/t1", Relation.RECEIVER));
        assertEquals(Set.of(), access.organizationsWith("Task/t1", Relation.INVOLVED));
        assertDoesNotThrow(
                () -> access.requireMayMoveTask(CARDIOLOGIST, "t1", TaskStatus.REQUESTED, TaskStatus.ACCEPTED));
        assertDoesNotThrow(() -> access.requireMayMoveTask(GP, "t1", TaskStatus.ACCEPTED, TaskStatus.CANCELLED));
        assertEquals(
                "only the owner's organization may move this task to 'accepted'",
                assertThrows(
                                AccessDenied.class,
                                () -> access.requireMayMoveTask(GP, "t1", TaskStatus.REQUESTED, TaskStatus.ACCEPTED))
                        .getMessage());
        assertEquals(
                "your organization is not involved with Task/t1",
                assertThrows(
                                AccessDenied.class,
                                () -> access.requireMayMoveTask(
                                        OUTSIDER, "t1", TaskStatus.REQUESTED, TaskStatus.ACCEPTED))
                        .getMessage());
    }

    @Test
    void onlyTheSenderChangesARequestAndOnlyTheReceiverRecordsItsAppointments() {
        assertDoesNotThrow(() -> access.requireMayChangeRequest(GP, "sr1"));
        assertDoesNotThrow(() -> access.requireMayOpenTask(GP, "sr1"));
        assertThrows(AccessDenied.class, () -> access.requireMayChangeRequest(CARDIOLOGIST, "sr1"));
        assertDoesNotThrow(() -> access.requireIsPerformer(CARDIOLOGIST, "sr1"));
        assertEquals(
                "only the organization asked to act on ServiceRequest/sr1 records its appointments",
                assertThrows(AccessDenied.class, () -> access.requireIsPerformer(GP, "sr1"))
                        .getMessage());
        assertEquals(
                "your organization is not involved with ServiceRequest/sr1",
                assertThrows(AccessDenied.class, () -> access.requireMayChangeRequest(OUTSIDER, "sr1"))
                        .getMessage(),
                "an outsider learns nothing about the request");
        assertDoesNotThrow(() -> access.requireMayChangeRequest(Caller.system(), "sr1"));
    }

    @Test
    void aRequestIsSentForOnesOwnOrganizationAboutAPatientItIsInvolvedWith() {
        assertDoesNotThrow(() -> access.requireMaySend(GP, LINDE, "Patient/p1"));
        assertThrows(
                AccessDenied.class, () -> access.requireMaySend(GP, MARTINI, "Patient/p1"), "not in another's name");
        String refused = assertThrows(AccessDenied.class, () -> access.requireMaySend(GP, LINDE, "Patient/p2"))
                .getMessage();
        assertEquals(
                "your organization is not involved with Patient/p2: create the patient first, or ask the patient's GP to refer",
                refused);
        assertThrows(
                AccessDenied.class, () -> access.requireMaySend(caller(Role.COORDINATOR, LINDE), LINDE, "Patient/p1"));
        assertDoesNotThrow(() -> access.requireMaySend(Caller.system(), MARTINI, "Patient/p2"));
    }

    @Test
    void aPutOfPatientDataAtAnIdTheCallerCannotSeeIsRefusedWhetherOrNotItExists() {
        assertDoesNotThrow(() -> access.requireMayPut(GP, "Patient", "p1"));
        String hidden = assertThrows(AccessDenied.class, () -> access.requireMayPut(GP, "Patient", "p2"))
                .getMessage();
        String free = assertThrows(AccessDenied.class, () -> access.requireMayPut(GP, "Patient", "p9"))
                .getMessage();
        assertEquals(hidden.replace("p2", "p9"), free);
        assertDoesNotThrow(
                () -> access.requireMayPut(GP, "Organization", "new-practice"),
                "directory resources may be created by PUT");
    }

    @Test
    void ofSeveralReferencesTheCallerSeesThoseOfTheDirectoryAndThoseItsOrganizationIsInvolvedWith() {
        List<String> references = List.of(
                "Patient/p1",
                "Patient/p2",
                "Patient/p9",
                "ServiceRequest/sr1",
                "Task/t1",
                "Organization/umcg",
                "AuditEvent/a1");
        assertEquals(
                Set.of("Patient/p1", "ServiceRequest/sr1", "Task/t1", "Organization/umcg"),
                access.visibleAmong(GP, references));
        assertEquals(Set.of("Organization/umcg"), access.visibleAmong(OUTSIDER, references));
        assertEquals(Set.of("Organization/umcg", "AuditEvent/a1"), access.visibleAmong(ADMIN, references));
        assertEquals(Set.copyOf(references), access.visibleAmong(Caller.system(), references));
        assertEquals(Set.of(), access.visibleAmong(GP, List.of()));
    }

    @Test
    void aResourceWrittenMayReferOnlyToWhatItsWriterSees() {
        assertDoesNotThrow(() ->
                access.requireMayReadAll(GP, List.of("Patient/p1", "ServiceRequest/sr1", "Organization/martini")));
        assertEquals(
                "your organization is not involved with Patient/p2, to which this resource refers",
                assertThrows(
                                AccessDenied.class,
                                () -> access.requireMayReadAll(GP, List.of("Patient/p1", "Patient/p2")))
                        .getMessage());
        assertEquals(
                "your organization is not involved with Patient/p9, to which this resource refers",
                assertThrows(AccessDenied.class, () -> access.requireMayReadAll(GP, List.of("Patient/p9")))
                        .getMessage(),
                "missing is refused as hidden is");
        assertEquals(
                "only administrators read the audit trail (this resource refers to AuditEvent/a1)",
                assertThrows(AccessDenied.class, () -> access.requireMayReadAll(GP, List.of("AuditEvent/a1")))
                        .getMessage());
    }

    @Test
    void whoLookedAtAPatientsRecordIsShownToItsOrganizationsAndToAdministrators() {
        assertDoesNotThrow(() -> access.requireMayReadAccessLog(GP, "p1"));
        assertDoesNotThrow(() -> access.requireMayReadAccessLog(ADMIN, "p2"));
        assertThrows(AccessDenied.class, () -> access.requireMayReadAccessLog(GP, "p2"));
        assertThrows(AccessDenied.class, () -> access.requireMayReadAccessLog(caller(Role.COORDINATOR, LINDE), "p1"));
    }

    private static Caller caller(Role role, String organization) {
        return new Caller(
                "user-" + role,
                "User",
                role,
                new Identifier("urn:agb", "1"),
                new Identifier("urn:ura", "2"),
                null,
                organization,
                "127.0.0.1");
    }
}
