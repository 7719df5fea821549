package nl.hartketen.domain.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlainTextTest {

    @Test
    void controlCharactersOtherThanWhitespaceAndLoneSurrogatesAreNamedWithTheirPlace() {
        assertEquals(Optional.of("the control character U+0000 at position 2"), PlainText.problemWith("a\u0000b"));
        assertEquals(Optional.of("the control character U+0007 at position 1"), PlainText.problemWith("\u0007"));
        assertEquals(
                Optional.of("an unpaired surrogate U+D800 at position 3, which is not a character"),
                PlainText.problemWith("ab\uD800cd"));
        assertTrue(PlainText.problemWith("ab\uDC00").isPresent());
        assertTrue(PlainText.problemWith("\uD83D").isPresent());
    }

    @Test
    void ordinaryTextPasses() {
        assertEquals(Optional.empty(), PlainText.problemWith("Pijn op de borst,\tbij inspanning\r\nÖlçü 😀 Пациент"));
    }

    @Test
    void bytesThatAreNotUtf8AreNamedWithTheirOffset() {
        assertEquals(
                Optional.of("the byte 0xFF at offset 2 is not valid UTF-8"),
                PlainText.notUtf8(new byte[] {'a', 'b', (byte) 0xff}));
        // an overlong "/" and an encoded surrogate: lenient decoders turn both into U+FFFD
        assertEquals(
                Optional.of("the byte 0xC0 at offset 1 is not valid UTF-8"),
                PlainText.notUtf8(new byte[] {'a', (byte) 0xc0, (byte) 0xaf}));
        assertEquals(
                Optional.of("the byte 0xED at offset 0 is not valid UTF-8"),
                PlainText.notUtf8(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}));
        assertEquals(Optional.empty(), PlainText.notUtf8("Ölçü 😀".getBytes(StandardCharsets.UTF_8)));
    }
}
