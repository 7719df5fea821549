package nl.hartketen.interfaces.reports;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A report table as CSV that opens cleanly in a Dutch Excel: a byte-order mark so it is read as UTF-8 (ë, ü in names),
 * ';' between fields and a decimal comma (Excel's list separator and decimal sign in the Dutch locale), CRLF
 * line ends. Text that Excel would take for a formula (=, +, -, @) is prefixed with an apostrophe.
 */
final class WaitingTimesCsv {

    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private WaitingTimesCsv() {}

    static String of(List<String> columns, List<Map<String, Object>> table) {
        StringBuilder csv = new StringBuilder(BYTE_ORDER_MARK);
        csv.append(String.join(";", columns)).append("\r\n");
        for (Map<String, Object> row : table) {
            csv.append(columns.stream()
                            .map(row::get)
                            .map(WaitingTimesCsv::field)
                            .collect(Collectors.joining(";")))
                    .append("\r\n");
        }
        return csv.toString();
    }

    private static String field(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double number) {
            return Double.toString(number).replace('.', ',');
        }
        String text = value.toString();
        if (!(value instanceof Number) && !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(";") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            text = "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
