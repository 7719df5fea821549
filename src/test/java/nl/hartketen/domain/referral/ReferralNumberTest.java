package nl.hartketen.domain.referral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import nl.hartketen.domain.shared.Identifier;
import org.junit.jupiter.api.Test;

class ReferralNumberTest {

    @Test
    void numbersAreReadableAndInOurNamingSystem() {
        Identifier number = new ReferralNumber().next();
        assertEquals(ReferralNumber.SYSTEM, number.system());
        assertTrue(number.value().matches("HK-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}"), number.value());
    }

    @Test
    void numbersDoNotRepeat() {
        ReferralNumber numbers = new ReferralNumber(new Random(42));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(seen.add(numbers.next().value()));
        }
    }
}
