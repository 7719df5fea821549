package nl.hartketen.domain.patient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nl.hartketen.domain.shared.RuleViolation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BsnTest {

    @ParameterizedTest
    @ValueSource(strings = {"999990007", "999990019", "999990020", "111222333", "123456782"})
    void numbersThatPassTheElevenTestAreAccepted(String value) {
        assertTrue(Bsn.isValid(value));
        assertEquals(value, new Bsn(value).value());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"123456789", "999990008", "000000000", "12345678", "1234567890", "12345678a", "", " 99999000"})
    void numbersThatFailAreRefused(String value) {
        assertFalse(Bsn.isValid(value));
        RuleViolation refused = assertThrows(RuleViolation.class, () -> new Bsn(value));
        assertTrue(refused.getMessage().contains("11-proef"));
    }

    @org.junit.jupiter.api.Test
    void nullIsNotABsn() {
        assertFalse(Bsn.isValid(null));
    }
}
