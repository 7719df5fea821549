package nl.hartketen.infrastructure.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * Plain JDBC for the tables kept beside the resources: a query's rows, an update, and instants as UTC timestamps (the
 * columns are TIMESTAMP without zone on H2 and PostgreSQL alike). {@code what} names the state for a failure.
 */
final class Sql {

    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private Sql() {}

    static <T> List<T> query(DataSource dataSource, String what, String sql, List<Object> parameters, Row<T> row) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            SqlLists.bindAll(statement, parameters);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new StorageFailure("could not read " + what, e);
        }
    }

    static int update(DataSource dataSource, String what, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            SqlLists.bindAll(statement, Arrays.asList(parameters));
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StorageFailure("could not write " + what, e);
        }
    }

    /** The column's instant, or null. */
    static Instant instant(ResultSet rs, int column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    /** The instant as the columns hold it, or null. */
    static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
