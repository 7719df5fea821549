package nl.hartketen.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.workflow.search.SearchParameters;
import nl.hartketen.workflow.search.SearchRequest;

/** Searches written as a FHIR URL's query, for the fixtures. */
final class SearchQueries {

    private SearchQueries() {}

    /**
     * A search as a FHIR URL's query gives it ({@code "status=active&_lastUpdated=ge2026-03-01"}, values not URL-encoded),
     * read by {@link SearchRequest#parse}: a repeated parameter is an AND, commas in a value an OR.
     */
    static SearchQuery parse(String type, String query, SearchParameters searchParameters) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            int equals = pair.indexOf('=');
            parameters
                    .computeIfAbsent(pair.substring(0, equals), key -> new ArrayList<>())
                    .add(pair.substring(equals + 1));
        }
        Map<String, String[]> asServletGivesThem = new LinkedHashMap<>();
        parameters.forEach((name, values) -> asServletGivesThem.put(name, values.toArray(new String[0])));
        return SearchRequest.parse(type, asServletGivesThem, searchParameters).query();
    }
}
