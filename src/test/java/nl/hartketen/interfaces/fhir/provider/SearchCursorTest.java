package nl.hartketen.interfaces.fhir.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.hartketen.application.access.AccessDenied;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.storage.SearchKey;
import nl.hartketen.domain.shared.Role;
import org.junit.jupiter.api.Test;

class SearchCursorTest {

    private static final Caller GP =
            new Caller("gp-jansen", "Jansen", Role.GP, null, null, "Practitioner/p", "Organization/hap-de-linde", null);

    @Test
    void onlyWhoeverSearchedMayFollowTheLink() {
        SearchCursor cursor = SearchCursor.decode(SearchCursor.first("Patient", GP, Map.of())
                .next(10, new SearchKey(Instant.parse("2026-03-02T09:00:00Z"), "p1"))
                .encode());
        cursor.requireSearchedBy(GP.at("10.0.0.9"));

        Caller colleague = new Caller(
                "gp-de-vries", "De Vries", Role.GP, null, null, "Practitioner/q", "Organization/hap-de-linde", null);
        assertThrows(AccessDenied.class, () -> cursor.requireSearchedBy(colleague));
        assertFalse(cursor.encode().contains("gp-jansen"), "the link does not name the user");
    }

    @Test
    void aNextLinkCarriesTheSearchThePageSizeAndWhereThePageEnded() {
        Map<String, String[]> request = new LinkedHashMap<>();
        request.put("status", new String[] {"active"});
        request.put("performer", new String[] {"Organization/martini"});
        request.put("_lastUpdated", new String[] {"ge2026-01-01", "lt2026-02-01"});
        request.put("family", new String[] {"a=b&c,d\\,e\nf"});
        request.put("_count", new String[] {"50"});
        request.put("_format", new String[] {"json"});
        SearchCursor first = SearchCursor.first("ServiceRequest", GP, request);
        assertNull(first.after());

        SearchKey last = new SearchKey(Instant.parse("2026-03-02T09:00:00.123456Z"), "sr-1");
        SearchCursor next = SearchCursor.decode(first.next(50, last).encode());

        assertEquals("ServiceRequest", next.type());
        assertEquals(50, next.count());
        assertEquals(last, next.after());
        assertEquals(
                List.of("status", "performer", "_lastUpdated", "family"),
                List.copyOf(next.parameters().keySet()),
                "_count and _format are HAPI's, on every link");
        assertArrayEquals(
                new String[] {"ge2026-01-01", "lt2026-02-01"}, next.parameters().get("_lastUpdated"));
        assertArrayEquals(new String[] {"a=b&c,d\\,e\nf"}, next.parameters().get("family"));
    }

    @Test
    void aDamagedCursorIsRefusedAsTheClientsMistake() {
        String good = SearchCursor.first("Patient", GP, Map.of("family", new String[] {"vries"}))
                .next(10, new SearchKey(Instant.parse("2026-03-02T09:00:00Z"), "p1"))
                .encode();
        for (String damaged : new String[] {
            "",
            "not base64!",
            good.substring(0, 10),
            encode("Patient\n10\nyesterday\np1\ns"),
            encode("Patient\n100000\n2026-03-02T09:00:00Z\np1\ns"),
            encode("patient; DROP TABLE\n10\n\n\ns"),
            encode("Patient\n10\n\n\ns\nno-equals-sign"),
            encode("Patient\n10\n\n\n")
        }) {
            assertThrows(InvalidRequestException.class, () -> SearchCursor.decode(damaged), damaged);
        }
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
