package nl.hartketen.application.access;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import nl.hartketen.domain.referral.TaskStatus;
import nl.hartketen.domain.shared.Identifier;
import nl.hartketen.domain.shared.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessPolicyTest {

    private static Caller caller(Role role, String organization) {
        return new Caller(
                "user",
                "User",
                role,
                new Identifier("urn:agb", "1"),
                new Identifier("urn:ura", "2"),
                null,
                organization,
                "127.0.0.1");
    }

    @ParameterizedTest(name = "{0} sees {1}: {2}")
    @CsvSource({
        "GP, Patient, involved",
        "GP, ServiceRequest, involved",
        "GP, Task, involved",
        "GP, Organization, all",
        "GP, AuditEvent, none",
        "CARDIOLOGIST, ServiceRequest, involved",
        "CARDIOLOGIST, PractitionerRole, all",
        "COORDINATOR, Patient, none",
        "COORDINATOR, ServiceRequest, none",
        "COORDINATOR, Organization, all",
        "ADMIN, Patient, none",
        "ADMIN, Task, none",
        "ADMIN, AuditEvent, all",
        "ADMIN, Practitioner, all",
        "GP, EpisodeOfCare, involved",
        "COORDINATOR, Communication, none"
    })
    void whoSeesWhat(Role role, String type, String expected) {
        Visibility visibility = AccessPolicy.visibility(caller(role, "Organization/o"), type);
        switch (expected) {
            case "all" -> assertInstanceOf(Visibility.All.class, visibility);
            case "none" -> assertInstanceOf(Visibility.None.class, visibility);
            default -> assertEquals(new Visibility.InvolvedOnly("Organization/o"), visibility);
        }
    }

    @Test
    void aPractitionerWhoseOrganizationIsUnknownSeesNoPatientData() {
        assertInstanceOf(Visibility.None.class, AccessPolicy.visibility(caller(Role.GP, null), "Patient"));
        assertThrows(AccessDenied.class, () -> AccessPolicy.requireMayWrite(caller(Role.GP, null), "Patient"));
    }

    @ParameterizedTest(name = "{0} writes {1}: {2}")
    @CsvSource({
        "GP, Patient, true",
        "GP, ServiceRequest, true",
        "CARDIOLOGIST, Task, true",
        "GP, Organization, false",
        "COORDINATOR, Organization, true",
        "ADMIN, PractitionerRole, true",
        "COORDINATOR, ServiceRequest, false",
        "ADMIN, Patient, false",
        "ADMIN, AuditEvent, false",
        "GP, AuditEvent, false"
    })
    void whoWritesWhat(Role role, String type, boolean allowed) {
        Caller caller = caller(role, "Organization/o");
        if (allowed) {
            assertDoesNotThrow(() -> AccessPolicy.requireMayWrite(caller, type));
        } else {
            assertThrows(AccessDenied.class, () -> AccessPolicy.requireMayWrite(caller, type));
        }
    }

    @ParameterizedTest(name = "{0} of {1}: any network {2}, hartnet {3}")
    @CsvSource({
        "COORDINATOR, Organization/hartnet, true, true",
        "COORDINATOR, Organization/cardionovo, true, false",
        "ADMIN, , true, true",
        "GP, Organization/hap-de-linde, false, false",
        "CARDIOLOGIST, Organization/martini, false, false",
        "COORDINATOR, , false, false"
    })
    void whoSeesNetworkFigures(Role role, String organization, boolean anyNetwork, boolean hartnet) {
        Caller caller = caller(role, organization);
        assertEquals(anyNetwork, AccessPolicy.seesNetworkFigures(caller));
        assertEquals(hartnet, AccessPolicy.seesFiguresOf(caller, "Organization/hartnet"));
    }

    @ParameterizedTest(name = "{0} of {1} naming {2}: {3}")
    @CsvSource({
        "COORDINATOR, Organization/hartnet, , Organization/hartnet",
        "COORDINATOR, Organization/hartnet, Organization/hartnet, Organization/hartnet",
        "COORDINATOR, Organization/hartnet, Organization/cardionovo, refused",
        "ADMIN, , Organization/cardionovo, Organization/cardionovo",
        "ADMIN, , , none",
        "GP, Organization/hap-de-linde, , refused",
        "GP, Organization/hap-de-linde, Organization/hartnet, refused",
        "CARDIOLOGIST, Organization/martini, Organization/martini, refused",
        "COORDINATOR, , , refused",
        "COORDINATOR, , Organization/hartnet, refused"
    })
    void theNetworkWhoseFiguresAreAskedIsTheOneNamedOrACoordinatorsOwn(
            Role role, String organization, String named, String expected) {
        Caller caller = caller(role, organization);
        if (expected.equals("refused")) {
            assertThrows(AccessDenied.class, () -> AccessPolicy.figuresNetwork(caller, named, "waiting times"));
        } else {
            assertEquals(
                    expected.equals("none") ? Optional.empty() : Optional.of(expected),
                    AccessPolicy.figuresNetwork(caller, named, "waiting times"));
        }
    }

    @Test
    void aRefusalOfFiguresSaysWhoSeesThemAndNotWhatTheyAre() {
        AccessDenied gp = assertThrows(
                AccessDenied.class,
                () -> AccessPolicy.figuresNetwork(
                        caller(Role.GP, "Organization/hap"), "Organization/hartnet", "waiting times"));
        assertEquals("only network coordinators and administrators see waiting times", gp.getMessage());
        AccessDenied otherNetwork = assertThrows(
                AccessDenied.class,
                () -> AccessPolicy.requireSeesFiguresOf(
                        caller(Role.COORDINATOR, "Organization/cardionovo"), "Organization/hartnet", "census"));
        assertEquals(
                "only the coordinators of Organization/hartnet and administrators see its census",
                otherNetwork.getMessage());
        assertDoesNotThrow(
                () -> AccessPolicy.requireSeesFiguresOf(caller(Role.ADMIN, null), "Organization/hartnet", "census"));
        assertDoesNotThrow(() ->
                AccessPolicy.requireSeesNetworkFigures(caller(Role.COORDINATOR, "Organization/hartnet"), "census"));
        assertThrows(
                AccessDenied.class,
                () -> AccessPolicy.requireSeesNetworkFigures(
                        caller(Role.CARDIOLOGIST, "Organization/martini"), "census"));
    }

    @ParameterizedTest(name = "{0} generates: {1}")
    @CsvSource({"ADMIN, true", "COORDINATOR, false", "GP, false", "CARDIOLOGIST, false"})
    void onlyAdministratorsGenerateData(Role role, boolean allowed) {
        Caller caller = caller(role, "Organization/hartnet");
        if (allowed) {
            assertDoesNotThrow(() -> AccessPolicy.requireMayGenerate(caller));
        } else {
            assertThrows(AccessDenied.class, () -> AccessPolicy.requireMayGenerate(caller));
        }
    }

    @Test
    void onlyTheSenderChangesARequest() {
        assertDoesNotThrow(() -> AccessPolicy.requireMayChangeRequest(EnumSet.of(Relation.SENDER)));
        assertThrows(
                AccessDenied.class,
                () -> AccessPolicy.requireMayChangeRequest(EnumSet.of(Relation.RECEIVER, Relation.INVOLVED)));
    }

    @ParameterizedTest(name = "{0} → {1}: requester {2}, owner {3}")
    @CsvSource({
        "REQUESTED, RECEIVED, false, true",
        "REQUESTED, ACCEPTED, false, true",
        "RECEIVED, REJECTED, false, true",
        "ACCEPTED, IN_PROGRESS, false, true",
        "IN_PROGRESS, COMPLETED, false, true",
        "IN_PROGRESS, FAILED, false, true",
        "REQUESTED, CANCELLED, true, false",
        "IN_PROGRESS, CANCELLED, true, false",
        "ACCEPTED, ON_HOLD, true, true",
        "ON_HOLD, ACCEPTED, true, true",
        "ON_HOLD, CANCELLED, true, false",
        "ON_HOLD, FAILED, false, true",
        "ACCEPTED, ACCEPTED, true, true",
        "DRAFT, REQUESTED, true, false",
        "ACCEPTED, ENTERED_IN_ERROR, true, true"
    })
    void whoMovesATask(TaskStatus from, TaskStatus to, boolean requester, boolean owner) {
        check(EnumSet.of(Relation.SENDER), from, to, requester);
        check(EnumSet.of(Relation.RECEIVER), from, to, owner);
        check(EnumSet.of(Relation.INVOLVED), from, to, false);
    }

    private static void check(Set<Relation> relations, TaskStatus from, TaskStatus to, boolean allowed) {
        if (allowed) {
            assertDoesNotThrow(() -> AccessPolicy.requireMayMoveTask(relations, from, to));
        } else {
            assertThrows(AccessDenied.class, () -> AccessPolicy.requireMayMoveTask(relations, from, to));
        }
    }
}
