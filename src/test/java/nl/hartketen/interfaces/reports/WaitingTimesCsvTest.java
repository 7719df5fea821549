package nl.hartketen.interfaces.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The waiting-times report as CSV for a Dutch Excel, to the byte. */
class WaitingTimesCsvTest {

    private static final String BOM = "\uFEFF";

    @Test
    void aReportTableBecomesABomTheHeaderAndOneSemicolonSeparatedLinePerRowWithCrlf() {
        List<String> columns = List.of(
                "organization",
                "organizationName",
                "count",
                "p50",
                "mean",
                "withinTarget",
                "waitingNow",
                "longestWaitingDays");
        Map<String, Object> martini = row("Organization/martini", "Martini Ziekenhuis", 12L, 19L, 20.5, 0.667, 3L, 40L);
        Map<String, Object> nothingEnded = row("Organization/umcg", "UMCG", 0L, null, null, null, 1L, 8L);

        String csv = WaitingTimesCsv.of(columns, List.of(martini, nothingEnded));

        assertEquals(
                BOM + "organization;organizationName;count;p50;mean;withinTarget;waitingNow;longestWaitingDays\r\n"
                        + "Organization/martini;Martini Ziekenhuis;12;19;20,5;0,667;3;40\r\n"
                        + "Organization/umcg;UMCG;0;;;;1;8\r\n",
                csv);
    }

    @Test
    void fieldsFollowTheColumnsWhateverTheRowsOrderAndAColumnARowLacksIsEmpty() {
        Map<String, Object> row = new HashMap<>();
        row.put("mean", 7.0);
        row.put("carePath", "chest-pain");
        row.put("unlisted", "not shown");
        assertEquals(
                BOM + "carePath;count;mean\r\nchest-pain;;7,0\r\n",
                WaitingTimesCsv.of(List.of("carePath", "count", "mean"), List.of(row)));
    }

    @Test
    void anEmptyTableIsTheHeaderAlone() {
        assertEquals(BOM + "month;count\r\n", WaitingTimesCsv.of(List.of("month", "count"), List.of()));
    }

    static Stream<Arguments> texts() {
        return Stream.of(
                // Excel's separator, quotes and line breaks inside a field: the field is quoted, its quotes doubled
                Arguments.of("Ziekenhuis Gelderse Vallei; Ede", "\"Ziekenhuis Gelderse Vallei; Ede\""),
                Arguments.of("Het \"Hart\" centrum", "\"Het \"\"Hart\"\" centrum\""),
                Arguments.of("two\nlines", "\"two\nlines\""),
                Arguments.of("carriage\rreturn", "\"carriage\rreturn\""),
                // what Excel would run as a formula gets an apostrophe first, and is quoted as well when it needs that
                Arguments.of("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
                Arguments.of("+31 50 524 5245", "'+31 50 524 5245"),
                Arguments.of("-1", "'-1"),
                Arguments.of("@SUM(A1)", "'@SUM(A1)"),
                Arguments.of("=1;2", "\"'=1;2\""),
                // the rest as it is: commas, accents, an '=' further on
                Arguments.of("Sint Jansdal, Harderwijk", "Sint Jansdal, Harderwijk"),
                Arguments.of("Maasziekenhuis Pantein – Boxmeer, ëü", "Maasziekenhuis Pantein – Boxmeer, ëü"),
                Arguments.of("a=b", "a=b"));
    }

    @ParameterizedTest(name = "[{0}] is written [{1}]")
    @MethodSource("texts")
    void textThatExcelWouldMisreadIsQuotedOrDefused(String text, String written) {
        assertEquals(written, onlyField(text));
    }

    @Test
    void numbersAreWrittenWithADecimalCommaAndNeverDefused() {
        assertEquals("0,5", onlyField(0.5));
        assertEquals("14,0", onlyField(14.0));
        assertEquals("-2,25", onlyField(-2.25), "a negative figure is a number, not a formula");
        assertEquals("-3", onlyField(-3L));
        assertEquals("1234567", onlyField(1_234_567L), "no thousands separator");
        assertEquals("0,001", onlyField(0.001));
        assertEquals("", onlyField(null));
        assertEquals("", onlyField(""));
    }

    private static String onlyField(Object value) {
        Map<String, Object> row = new HashMap<>();
        row.put("value", value);
        String csv = WaitingTimesCsv.of(List.of("value"), List.of(row));
        String header = BOM + "value\r\n";
        assertEquals(header, csv.substring(0, header.length()));
        assertEquals("\r\n", csv.substring(csv.length() - 2));
        return csv.substring(header.length(), csv.length() - 2);
    }

    private static Map<String, Object> row(
            String organization,
            String name,
            Long count,
            Long p50,
            Double mean,
            Double withinTarget,
            Long waitingNow,
            Long longestWaitingDays) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("organization", organization);
        row.put("organizationName", name);
        row.put("count", count);
        row.put("p50", p50);
        row.put("mean", mean);
        row.put("withinTarget", withinTarget);
        row.put("waitingNow", waitingNow);
        row.put("longestWaitingDays", longestWaitingDays);
        return row;
    }
}
