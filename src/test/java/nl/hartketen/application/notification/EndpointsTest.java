package nl.hartketen.application.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointsTest {

    private final Endpoints endpoints = new Endpoints(Set.of("his.zorgnet.local"));

    @Test
    void httpsGoesAnywhere() {
        assertEquals(Optional.empty(), endpoints.problemWith("https://his.delinde.example.nl/hook"));
    }

    @Test
    void plainHttpOnlyToLoopbackOrAnAllowedHost() {
        assertEquals(Optional.empty(), endpoints.problemWith("http://127.0.0.1:9999/hook"));
        assertEquals(Optional.empty(), endpoints.problemWith("http://localhost/hook"));
        assertEquals(Optional.empty(), endpoints.problemWith("http://[::1]:8080/hook"));
        assertEquals(Optional.empty(), endpoints.problemWith("http://his.zorgnet.local/hook"));
        assertTrue(endpoints
                .problemWith("http://his.delinde.example.nl/hook")
                .orElseThrow()
                .contains("https"));
        assertTrue(endpoints.problemWith("http://127.0.0.1.example.nl/hook").isPresent(), "not loopback by its name");
    }

    @Test
    void notAUsableUrl() {
        assertTrue(endpoints.problemWith("ftp://files.example.nl/x").isPresent());
        assertTrue(endpoints.problemWith("/relative/hook").isPresent());
        assertTrue(endpoints
                .problemWith("https://user:secret@his.example.nl/hook")
                .orElseThrow()
                .contains("header"));
        assertTrue(endpoints.problemWith("https://his example").isPresent());
    }
}
