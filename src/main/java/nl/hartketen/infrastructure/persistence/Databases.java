package nl.hartketen.infrastructure.persistence;

import java.sql.Connection;
import java.sql.SQLException;

/** Which database a connection talks to, where the SQL must differ (the rest is written for both H2 and PostgreSQL). */
final class Databases {

    private Databases() {
    }

    static boolean isPostgres(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().contains("PostgreSQL");
    }
}
