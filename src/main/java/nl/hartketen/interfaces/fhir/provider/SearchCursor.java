package nl.hartketen.interfaces.fhir.provider;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.hartketen.application.access.AccessDenied;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.storage.SearchKey;

/**
 * A page of a search as its next link names it: the search's own parameters, the page size and the key the page
 * starts after. The link carries all of it, so that any node can follow it without having kept anything. It names who
 * searched (a digest of the user and organization, not the user), and another caller following it is refused with a
 * 403; the search also runs again as whoever follows it, with their access rules, so even an edited link shows nobody
 * what they could not search for themselves. Nothing in it is trusted: a damaged one is refused with a 400.
 *
 * @param type the resource type as the endpoint names it (the provider that runs the search)
 * @param searcher who searched: {@link #searcherOf} the caller
 * @param parameters the search's parameters, without those HAPI adds to page links itself
 * @param count the page size, null for a first page (HAPI's _count decides)
 * @param after the key of the previous page's last match, null for a first page
 */
public record SearchCursor(
        String type, String searcher, Map<String, String[]> parameters, Integer count, SearchKey after) {

    /** Set by HAPI on every page link, or not about the search. */
    private static final Set<String> NOT_OF_THE_SEARCH =
            Set.of("_count", "_format", "_pretty", "_bundletype", "_getpages", "_pageId", "_getpagesoffset");

    private static final int MAXIMUM_COUNT = 500;

    /** The first page of a search by {@code caller} with these request parameters. */
    public static SearchCursor first(String type, Caller caller, Map<String, String[]> requestParameters) {
        Map<String, String[]> parameters = new LinkedHashMap<>(requestParameters);
        parameters.keySet().removeAll(NOT_OF_THE_SEARCH);
        return new SearchCursor(type, searcherOf(caller), parameters, null, null);
    }

    /** The page after this one, which ended with the match {@code last}. */
    public SearchCursor next(int pageSize, SearchKey last) {
        return new SearchCursor(type, searcher, parameters, pageSize, last);
    }

    /**
     * @throws AccessDenied (403) when {@code caller} is not who searched
     */
    public void requireSearchedBy(Caller caller) {
        if (!searcher.equals(searcherOf(caller))) {
            throw new AccessDenied("this page link belongs to another user's search: search again yourself");
        }
    }

    /** A digest of the user and the organization they act for: the link does not show who searched. */
    static String searcherOf(Caller caller) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((caller.subject() + "\n" + caller.organization()).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** As a link's _pageId: URL-safe Base64 of type, count, key, searcher and the parameters, one per line. */
    public String encode() {
        List<String> lines = new ArrayList<>(List.of(
                type,
                count == null ? "" : count.toString(),
                after == null ? "" : after.lastUpdated().toString(),
                after == null ? "" : escape(after.id()),
                searcher));
        parameters.forEach((name, values) -> {
            for (String value : values) {
                lines.add(escape(name) + "=" + escape(value));
            }
        });
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws InvalidRequestException (400) when the text is not a page link this server made
     */
    public static SearchCursor decode(String pageId) {
        try {
            String[] lines = new String(Base64.getUrlDecoder().decode(pageId), StandardCharsets.UTF_8).split("\n", -1);
            if (lines.length < 5 || !lines[0].matches("[A-Z][A-Za-z]{1,63}") || lines[4].isEmpty()) {
                throw new IllegalArgumentException("not a search");
            }
            Integer count = lines[1].isEmpty() ? null : Integer.valueOf(lines[1]);
            if (count != null && (count < 1 || count > MAXIMUM_COUNT)) {
                throw new IllegalArgumentException("page size " + count);
            }
            SearchKey after = lines[2].isEmpty() ? null : new SearchKey(Instant.parse(lines[2]), unescape(lines[3]));
            if (after != null && after.id().isEmpty()) {
                throw new IllegalArgumentException("no id");
            }
            Map<String, String[]> parameters = new LinkedHashMap<>();
            for (int i = 5; i < lines.length; i++) {
                int equals = lines[i].indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException("parameter " + i);
                }
                String name = unescape(lines[i].substring(0, equals));
                String value = unescape(lines[i].substring(equals + 1));
                parameters.merge(name, new String[] {value}, SearchCursor::concat);
            }
            return new SearchCursor(lines[0], lines[4], parameters, count, after);
        } catch (IllegalArgumentException | DateTimeException damaged) {
            // NumberFormatException is an IllegalArgumentException too
            throw new InvalidRequestException("the page link is damaged (_pageId is not one this server made): "
                    + "search again instead of editing a next link");
        }
    }

    private static String[] concat(String[] first, String[] second) {
        String[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static String escape(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String unescape(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
