package nl.hartketen.infrastructure.persistence;

import java.sql.Connection;
import java.sql.SQLException;

/** Which database a connection talks to, where the SQL must differ (the rest is written for both H2 and PostgreSQL). */
final class Databases {

    private Databases() {}

    /** SQLSTATE of a unique-constraint violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    static boolean isPostgres(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().contains("PostgreSQL");
    }

    /** Whether {@code failure}, or what caused it, is the database refusing a value a unique constraint holds already. */
    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** A statement that changes rows and says how many. */
    interface Change {
        int run() throws SQLException;
    }

    /**
     * Adds to a count in a bucket row, making the row when it is the bucket's first. Two transactions may make the same
     * bucket at once: PostgreSQL settles it with {@code upsertOnPostgres} (an INSERT … ON CONFLICT DO UPDATE), which H2
     * has only in its PostgreSQL mode; on H2 a failed insert does not abort the transaction, so the loser adds to the
     * winner's row instead ({@code update}, then {@code insert}, then {@code update} again).
     */
    static void addToBucket(Connection connection, Change update, Change insert, Change upsertOnPostgres)
            throws SQLException {
        if (isPostgres(connection)) {
            upsertOnPostgres.run();
        } else if (update.run() == 0) {
            try {
                insert.run();
            } catch (SQLException e) {
                if (!isUniqueViolation(e)) {
                    throw e;
                }
                update.run();
            }
        }
    }
}
