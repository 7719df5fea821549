package nl.hartketen.interfaces.fhir.stu3;

import ca.uhn.fhir.util.UrlUtil;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * STU3 search parameters in R4 terms. ReferralRequest's parameters have other names than ServiceRequest's (recipient is
 * performer, authored-on is authored…) and two statuses were renamed; Patient, Organization and Practitioner keep
 * theirs. Parameters that would follow references into other resources (_include, _revinclude, _has) are not offered
 * here.
 */
final class Stu3SearchParameters {

    private static final Set<String> COMMON =
            Set.of("_id", "_lastUpdated", "_sort", "_count", "_format", "_pretty", "_summary", "_elements", "_total");
    private static final Set<String> NOT_OFFERED = Set.of("_include", "_revinclude", "_has");

    /** ReferralRequest parameter → ServiceRequest parameter. */
    private static final Map<String, String> REFERRAL_REQUEST = Map.ofEntries(
            Map.entry("patient", "patient"),
            Map.entry("subject", "subject"),
            Map.entry("status", "status"),
            Map.entry("recipient", "performer"),
            Map.entry("requester", "requester"),
            Map.entry("identifier", "identifier"),
            Map.entry("based-on", "based-on"),
            Map.entry("authored-on", "authored"),
            Map.entry("type", "category"),
            Map.entry("service", "code"),
            Map.entry("intent", "intent"),
            Map.entry("priority", "priority"));

    private static final Map<String, String> STATUS_IN_R4 = Map.of("suspended", "on-hold", "cancelled", "revoked");

    private Stu3SearchParameters() {}

    /**
     * @throws IllegalArgumentException for a parameter this endpoint does not offer
     */
    static Map<String, String[]> inR4(String stu3Type, Map<String, String[]> parameters) {
        Map<String, String[]> translated = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String key = parameter.getKey();
            int colon = key.indexOf(':');
            String name = colon < 0 ? key : key.substring(0, colon);
            String modifier = colon < 0 ? "" : key.substring(colon);
            if (NOT_OFFERED.contains(name)) {
                throw new IllegalArgumentException(
                        name + " is not offered on the STU3 endpoint; search the referenced resources"
                                + " separately, or use the R4 endpoint /fhir");
            }
            if (COMMON.contains(name) || !ReferralRequestMapping.STU3_TYPE.equals(stu3Type)) {
                translated.put(key, parameter.getValue());
                continue;
            }
            String r4Name = REFERRAL_REQUEST.get(name);
            if (r4Name == null) {
                throw new IllegalArgumentException(
                        "unknown search parameter '" + name + "' for ReferralRequest; supported: "
                                + String.join(", ", new TreeSet<>(REFERRAL_REQUEST.keySet())));
            }
            translated.put(
                    r4Name + modifier,
                    Arrays.stream(parameter.getValue())
                            .map(value -> valueInR4(name, value))
                            .toArray(String[]::new));
        }
        return translated;
    }

    /** An If-None-Exist URL ("ReferralRequest?identifier=…") in R4 terms. */
    static String conditionalUrlInR4(String stu3Type, String url) {
        String query = url.contains("?") ? url.substring(url.indexOf('?') + 1) : url;
        String translated = inR4(stu3Type, UrlUtil.parseQueryString(query)).entrySet().stream()
                .flatMap(entry -> Arrays.stream(entry.getValue())
                        .map(value -> UrlUtil.escapeUrlParam(entry.getKey()) + "=" + UrlUtil.escapeUrlParam(value)))
                .collect(Collectors.joining("&"));
        return Stu3Conversion.STORED_AS.get(stu3Type) + "?" + translated;
    }

    private static String valueInR4(String name, String value) {
        return switch (name) {
            case "status" ->
                Arrays.stream(value.split(",", -1))
                        .map(status -> STATUS_IN_R4.getOrDefault(status, status))
                        .collect(Collectors.joining(","));
            case "based-on" ->
                Arrays.stream(value.split(",", -1))
                        .map(reference -> reference.startsWith(ReferralRequestMapping.STU3_TYPE + "/")
                                ? ReferralRequestMapping.R4_TYPE
                                        + reference.substring(ReferralRequestMapping.STU3_TYPE.length())
                                : reference)
                        .collect(Collectors.joining(","));
            default -> value;
        };
    }
}
