package nl.hartketen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL of the machines the tests run on (127.0.0.1:5432, trust authentication, database {@code test}):
 * tests that need it are skipped where it does not answer, and work in databases of their own.
 */
public final class LocalPostgres {

    public static final String ADDRESS = "127.0.0.1:5432";

    private LocalPostgres() {}

    public static boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static String url(String database) {
        return "jdbc:postgresql://" + ADDRESS + "/" + database;
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), "postgres", "");
    }

    /** Drops {@code database} if it is there (also while connected to) and creates it empty. */
    public static void recreate(String database) throws SQLException {
        administer("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)", "CREATE DATABASE " + database);
    }

    public static void drop(String database) throws SQLException {
        administer("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void administer(String... statements) throws SQLException {
        try (Connection admin = connect("test");
                Statement statement = admin.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
