package nl.hartketen.workflow.search;

import ca.uhn.fhir.util.UrlUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.hartketen.application.storage.SearchQuery;

/**
 * A Subscription's {@code criteria}, e.g. {@code Task?requester=Organization/123}: a search over one stored type, with
 * the search parameters that type has for searches. A change matches when the search, as the subscription's owner, finds
 * the changed resource.
 */
public record SubscriptionCriteria(String type, SearchQuery search) {

    /** What would make a criterion of something other than a plain search. */
    private static final Set<String> NOT_CRITERIA =
            Set.of("_include", "_sort", "_count", "_total", "_summary", "_elements");

    /**
     * @param subscribable the types a subscription may watch
     * @throws IllegalArgumentException with a message for the client when {@code criteria} is no such search
     */
    public static SubscriptionCriteria parse(String criteria, Set<String> subscribable, SearchParameters definitions) {
        if (criteria == null || criteria.isBlank()) {
            throw new IllegalArgumentException(
                    "criteria is required: a search such as Task?requester=Organization/123");
        }
        int question = criteria.indexOf('?');
        String type = question < 0 ? criteria : criteria.substring(0, question);
        if (!subscribable.contains(type)) {
            throw new IllegalArgumentException("'" + type + "' cannot be subscribed to; one of: "
                    + String.join(", ", subscribable.stream().sorted().toList()));
        }
        Map<String, String[]> parameters =
                question < 0 ? Map.of() : UrlUtil.parseQueryString(criteria.substring(question + 1));
        for (String name : parameters.keySet()) {
            if (NOT_CRITERIA.contains(name)) {
                throw new IllegalArgumentException(
                        "'" + name + "' has no place in criteria, which only selects resources");
            }
        }
        return new SubscriptionCriteria(
                type, SearchRequest.parse(type, parameters, definitions).query());
    }

    /** The search that finds the resource {@code id} if, and only if, it meets the criteria. */
    public SearchQuery matching(String id) {
        List<SearchQuery.Criterion> criteria = new ArrayList<>(search.criteria());
        criteria.add(new SearchQuery.Criterion("_id", List.of(new SearchQuery.IdMatch(id))));
        return new SearchQuery(type, criteria, search.sort());
    }
}
