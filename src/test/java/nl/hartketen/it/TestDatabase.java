package nl.hartketen.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Which database the container under test uses. On H2 (it.database=h2) there is nothing to prepare: every
 * container start gets a fresh in-memory database. On PostgreSQL (it.database=postgres) the tests are skipped
 * when 127.0.0.1:5432 does not answer, and otherwise get a freshly created database of their own, once, before
 * {@link ApplicationIT} deploys (its nested classes inherit this extension and must not drop it under the running
 * application). Registered before the Arquillian extension, so it runs before the deployment.
 */
public class TestDatabase implements ExecutionCondition, BeforeAllCallback {

    static final String POSTGRES_HOST = "127.0.0.1";
    static final int POSTGRES_PORT = 5432;

    private static boolean onPostgres() {
        return "postgres".equals(System.getProperty("it.database", "h2"));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!onPostgres() || postgresAnswers()) {
            return ConditionEvaluationResult.enabled("database available");
        }
        return ConditionEvaluationResult.disabled("PostgreSQL does not answer at " + POSTGRES_HOST + ":" + POSTGRES_PORT);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        if (!onPostgres() || context.getRequiredTestClass().getEnclosingClass() != null) {
            return;
        }
        String database = System.getProperty("it.postgres.database", "hartketen_it");
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + POSTGRES_HOST + ":" + POSTGRES_PORT + "/test", "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        }
    }

    private static boolean postgresAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(POSTGRES_HOST, POSTGRES_PORT), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
