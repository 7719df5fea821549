package nl.hartketen.infrastructure.persistence;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;

/** IN (?, ?, …) lists: as many placeholders as values, and the values bound in order. */
final class SqlLists {

    private SqlLists() {}

    static String placeholders(Collection<String> values) {
        return String.join(", ", Collections.nCopies(values.size(), "?"));
    }

    /** Binds {@code values} from parameter {@code first} on. */
    static void bind(PreparedStatement statement, int first, Collection<String> values) throws SQLException {
        int i = first;
        for (String value : values) {
            statement.setString(i++, value);
        }
    }
}
