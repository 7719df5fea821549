package nl.hartketen.domain.shared;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Text that can be kept and given back exactly as it was sent. Anything else is refused rather than stored altered:
 * bytes that are not UTF-8 (a decoder would put U+FFFD in their place), half of a surrogate pair (UTF-8 cannot encode
 * it; it would come back as '?'), and control characters other than tab, line feed and carriage return (FHIR strings
 * allow no others, and PostgreSQL refuses NUL).
 */
public final class PlainText {

    private PlainText() {}

    /** What in {@code text} cannot be kept, and where (1-based), if anything. */
    public static Optional<String> problemWith(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return Optional.of(String.format("the control character U+%04X at position %d", (int) c, i + 1));
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(String.format(
                        "an unpaired surrogate U+%04X at position %d, which is not a character", (int) c, i + 1));
            }
        }
        return Optional.empty();
    }

    /** Where {@code bytes} stop being UTF-8 (overlong forms and encoded surrogates included), if they do. */
    public static Optional<String> notUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            decoder.decode(buffer);
            return Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.of(String.format(
                    "the byte 0x%02X at offset %d is not valid UTF-8",
                    bytes[buffer.position()] & 0xff, buffer.position()));
        }
    }
}
