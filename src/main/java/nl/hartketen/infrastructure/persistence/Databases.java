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
}
