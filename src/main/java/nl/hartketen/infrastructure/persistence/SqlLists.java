package nl.hartketen.infrastructure.persistence;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Statement parameters: IN (?, ?, …) lists with as many placeholders as values, and values bound in order. */
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

    /** Binds {@code parameters} in order, from the first parameter on, whatever their types. */
    static void bindAll(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }
}
