package nl.hartketen.application.storage;

/**
 * One searchable value of a resource. Tokens keep system and code; strings are kept normalized (see
 * {@link #normalize}); references as "Type/id"; dates as the range [low, high] in epoch milliseconds that
 * the value covers (a date of 2026-03-01 covers that whole day).
 */
public record IndexEntry(String param, String system, String value, Long low, Long high) {

    public static IndexEntry token(String param, String system, String code) {
        return new IndexEntry(param, system, code, null, null);
    }

    public static IndexEntry string(String param, String text) {
        return new IndexEntry(param, null, normalize(text), null, null);
    }

    public static IndexEntry reference(String param, String reference) {
        return new IndexEntry(param, null, reference, null, null);
    }

    public static IndexEntry date(String param, long low, long high) {
        return new IndexEntry(param, null, null, low, high);
    }

    /** FHIR string search ignores case and accents: "Ölçü" matches "olcu". */
    public static String normalize(String text) {
        String decomposed = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD);
        return decomposed
                .replaceAll("\\p{M}", "")
                .toLowerCase(java.util.Locale.ROOT)
                .trim();
    }
}
