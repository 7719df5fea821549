package nl.hartketen.workflow.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.application.storage.SearchQuery.Comparison;
import nl.hartketen.application.storage.SearchQuery.DateMatch;
import nl.hartketen.application.storage.SearchQuery.ReferenceMatch;
import nl.hartketen.application.storage.SearchQuery.StringMatch;
import nl.hartketen.application.storage.SearchQuery.TokenMatch;
import nl.hartketen.workflow.types.UnwiredTypes;
import org.junit.jupiter.api.Test;

class SearchRequestTest {

    private static final SearchParameters PARAMETERS = UnwiredTypes.all().searchParameters();

    private static SearchRequest parse(String type, String... keyValues) {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            parameters.merge(keyValues[i], new String[] {keyValues[i + 1]}, (a, b) -> {
                String[] both = java.util.Arrays.copyOf(a, a.length + 1);
                both[a.length] = b[0];
                return both;
            });
        }
        return SearchRequest.parse(type, parameters, PARAMETERS);
    }

    @Test
    void allMatchesAreCountedOnlyWhenTheClientAsks() {
        assertEquals(false, parse("Patient", "family", "vries").total());
        assertEquals(false, parse("Patient", "_total", "none").total());
        assertEquals(false, parse("Patient", "_total", "estimate").total());
        assertEquals(true, parse("Patient", "_total", "accurate").total());
        assertEquals(true, parse("Patient", "_summary", "count").total());
        assertThrows(IllegalArgumentException.class, () -> parse("Patient", "_total", "always"));
    }

    @Test
    void tokensReadSystemAndCode() {
        SearchQuery query = parse(
                        "ServiceRequest",
                        "identifier",
                        "https://x|42",
                        "status",
                        "active,on-hold",
                        "category",
                        "https://c|")
                .query();
        assertEquals(
                new TokenMatch("https://x", "42", false),
                query.criteria().get(0).anyOf().get(0));
        assertEquals(
                List.of(new TokenMatch(null, "active", false), new TokenMatch(null, "on-hold", false)),
                query.criteria().get(1).anyOf());
        assertEquals(
                new TokenMatch("https://c", null, false),
                query.criteria().get(2).anyOf().get(0));
        assertEquals(
                new TokenMatch(null, "completed", true),
                parse("Task", "status:not", "completed")
                        .query()
                        .criteria()
                        .get(0)
                        .anyOf()
                        .get(0));
    }

    @Test
    void referencesAcceptBareIdsTypedIdsAndUrls() {
        assertEquals(
                new ReferenceMatch("Patient/1"),
                parse("ServiceRequest", "patient", "1")
                        .query()
                        .criteria()
                        .get(0)
                        .anyOf()
                        .get(0));
        assertEquals(
                new ReferenceMatch("Patient/1"),
                parse("ServiceRequest", "subject", "http://h/fhir/Patient/1")
                        .query()
                        .criteria()
                        .get(0)
                        .anyOf()
                        .get(0));
        assertEquals(
                new ReferenceMatch("Group/7"),
                parse("ServiceRequest", "subject:Group", "7")
                        .query()
                        .criteria()
                        .get(0)
                        .anyOf()
                        .get(0));
    }

    @Test
    void stringsAreNormalized() {
        assertEquals(
                new StringMatch("de vries", false, false),
                parse("Patient", "name", "De Vriës")
                        .query()
                        .criteria()
                        .get(0)
                        .anyOf()
                        .get(0));
        assertEquals(
                new StringMatch("jan", true, false),
                parse("Patient", "given:exact", "Jan")
                        .query()
                        .criteria()
                        .get(0)
                        .anyOf()
                        .get(0));
    }

    @Test
    void datesCarryPrefixAndPrecisionInDutchTime() {
        DateMatch match = (DateMatch) parse("ServiceRequest", "authored", "ge2026-03")
                .query()
                .criteria()
                .get(0)
                .anyOf()
                .get(0);
        assertEquals(Comparison.GE, match.comparison());
        ZoneId amsterdam = ZoneId.of("Europe/Amsterdam");
        assertEquals(
                LocalDate.of(2026, 3, 1).atStartOfDay(amsterdam).toInstant().toEpochMilli(), match.from());
        assertEquals(
                LocalDate.of(2026, 4, 1).atStartOfDay(amsterdam).toInstant().toEpochMilli() - 1, match.to());
        DateRange instant = DateRange.parse("2026-03-01T10:00:00Z");
        assertEquals(999, instant.high() - instant.low());
    }

    @Test
    void includesAndSortAreChecked() {
        assertEquals(
                Set.of("subject", "performer"),
                parse("ServiceRequest", "_include", "ServiceRequest:subject", "_include", "ServiceRequest:performer")
                        .includes());
        assertEquals(
                Set.of("basedOn"),
                parse("ServiceRequest", "_include", "ServiceRequest:based-on").includes());
        assertEquals(
                Set.of("for"),
                parse("Task", "_include", "Task:patient").includes(),
                "an _include names the search parameter");
        assertEquals(
                SearchQuery.Sort.LAST_UPDATED_ASCENDING,
                parse("Task", "_sort", "_lastUpdated").query().sort());
    }

    @Test
    void mistakesAreRefusedWithAReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("ServiceRequest", "statuss", "active"))
                .getMessage()
                .contains("unknown search parameter 'statuss'"));
        assertThrows(IllegalArgumentException.class, () -> parse("ServiceRequest", "authored", "yesterday"));
        assertThrows(
                IllegalArgumentException.class, () -> parse("ServiceRequest", "_include", "ServiceRequest:encounter"));
        assertThrows(IllegalArgumentException.class, () -> parse("ServiceRequest", "_include", "Task:focus"));
        assertThrows(
                IllegalArgumentException.class,
                () -> parse("Task", "_include", "Task:for"),
                "for is an element, not a parameter");
        assertThrows(IllegalArgumentException.class, () -> parse("ServiceRequest", "status:exact", "active"));
        assertThrows(IllegalArgumentException.class, () -> parse("ServiceRequest", "status", "active,"));
        assertThrows(IllegalArgumentException.class, () -> parse("Task", "_sort", "priority"));
    }

    @Test
    void serverParametersAreLeftToTheServer() {
        assertEquals(
                List.of(),
                parse("Patient", "_count", "10", "_format", "xml").query().criteria());
    }
}
