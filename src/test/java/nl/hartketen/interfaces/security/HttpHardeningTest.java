package nl.hartketen.interfaces.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpHardeningTest {

    @Test
    void queryParametersThatAreNotTextAreRefusedByName() {
        assertEquals(
                Optional.of(
                        "The query parameter 'name' cannot be read as text: the control character U+0000 at position 2"),
                HttpHardening.queryProblem("_count=5&name=a%00b"));
        assertEquals(
                Optional.of(
                        "The query parameter 'family' cannot be read as text: the byte 0xFF at offset 0 is not valid UTF-8"),
                HttpHardening.queryProblem("family=%FF"));
        assertEquals(
                Optional.of(
                        "The query parameter 'x' cannot be read as text: '%zz' is not a percent-escape such as %20"),
                HttpHardening.queryProblem("x=%zz"));
    }

    @Test
    void ordinaryQueriesPass() {
        assertEquals(
                Optional.empty(),
                HttpHardening.queryProblem("name=%C3%96l%C3%A7%C3%BC&_count=20&identifier=urn:x%7C1&flag"));
    }
}
