package nl.hartketen.interfaces.fhir;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    private final StrictJson strict = new StrictJson();

    private String refusal(String json) {
        return assertThrows(InvalidRequestException.class, () -> strict.scan(json.getBytes(StandardCharsets.UTF_8)))
                .getMessage();
    }

    @Test
    void lossyJsonIsRefusedWithItsPlace() {
        assertTrue(refusal("{\"resourceType\":\"Patient\",\"name\":[]}").contains("/name"));
        assertTrue(refusal("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"A\"}],\"name\":[{\"family\":\"B\"}]}")
                .contains("Duplicate field 'name'"));
        assertTrue(refusal("{\"resourceType\":\"Patient\",\"gender\":null}").contains("null"));
        assertTrue(refusal("{\"resourceType\":\"Patient\",\"meta\":{}}").contains("empty object"));
        assertTrue(refusal("{\"resourceType\":\"Patient\",").contains("not valid JSON"));
    }

    @Test
    void ordinaryFhirJsonPasses() {
        assertDoesNotThrow(() -> strict.scan(
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"A\",\"given\":[\"B\",\"C\"]}],\"active\":true}"
                        .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void jsonNestedDeeperThanTheLimitIsRefused() {
        String deep = "{\"resourceType\":\"Patient\",\"extension\":" + "[{\"url\":\"x\",\"extension\":".repeat(150)
                + "[{\"url\":\"y\"}]" + "}]".repeat(150) + "}";
        assertTrue(refusal(deep).contains("more than " + StrictJson.MAX_DEPTH + " deep"));
    }
}
