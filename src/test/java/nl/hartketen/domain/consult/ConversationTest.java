package nl.hartketen.domain.consult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import nl.hartketen.domain.consult.Conversation.MessageKind;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.domain.shared.StateConflict;
import org.junit.jupiter.api.Test;

class ConversationTest {

    private static final Set<String> PRACTICE = Set.of("Organization/de-linde");
    private static final Set<String> HOSPITAL = Set.of("Organization/martini");

    private static ConsultStep send(String from, String to, MessageKind kind) {
        return Conversation.message(PRACTICE, HOSPITAL, from, to, kind, true);
    }

    @Test
    void eachMessageSaysWhoseTurnItIs() {
        assertEquals(
                ConsultStep.AWAITING_GP_INFORMATION,
                send("Organization/martini", "Organization/de-linde", MessageKind.INFORMATION_REQUEST));
        assertEquals(
                ConsultStep.AWAITING_ANSWER,
                send("Organization/de-linde", "Organization/martini", MessageKind.INFORMATION));
        assertEquals(
                ConsultStep.ANSWERED,
                send("Organization/martini", "Organization/de-linde", null),
                "a cardiologist's message answers");
        assertEquals(
                ConsultStep.AWAITING_ANSWER,
                send("Organization/de-linde", "Organization/martini", null),
                "a GP's message asks");
    }

    @Test
    void onlyTheTwoSidesTalkAndOnlyToEachOther() {
        assertEquals(
                "Communication.sender",
                assertThrows(RuleViolation.class, () -> send("Organization/umcg", "Organization/de-linde", null))
                        .location());
        assertEquals(
                "Communication.recipient",
                assertThrows(RuleViolation.class, () -> send("Organization/de-linde", "Organization/de-linde", null))
                        .location());
        assertEquals(
                "Communication.category",
                assertThrows(
                                RuleViolation.class,
                                () -> send("Organization/de-linde", "Organization/martini", MessageKind.ANSWER))
                        .location());
        assertThrows(
                StateConflict.class,
                () -> Conversation.message(
                        PRACTICE, HOSPITAL, "Organization/de-linde", "Organization/martini", null, false));
    }

    @Test
    void onlyTheHospitalConvertsAndOnlyWhenTheGpAllowedIt() {
        Conversation.checkConversion(HOSPITAL, "Organization/martini", true, true);
        assertThrows(
                Conversation.ConversionNotAllowed.class,
                () -> Conversation.checkConversion(HOSPITAL, "Organization/martini", false, true));
        assertThrows(
                RuleViolation.class, () -> Conversation.checkConversion(HOSPITAL, "Organization/de-linde", true, true));
        assertThrows(
                StateConflict.class, () -> Conversation.checkConversion(HOSPITAL, "Organization/martini", true, false));
    }
}
