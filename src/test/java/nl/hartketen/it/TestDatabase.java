package nl.hartketen.it;

import java.sql.SQLException;
import nl.hartketen.LocalPostgres;
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

    private static boolean onPostgres() {
        return "postgres".equals(System.getProperty("it.database", "h2"));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!onPostgres() || LocalPostgres.answers()) {
            return ConditionEvaluationResult.enabled("database available");
        }
        return ConditionEvaluationResult.disabled("PostgreSQL does not answer at " + LocalPostgres.ADDRESS);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        if (!onPostgres() || context.getRequiredTestClass().getEnclosingClass() != null) {
            return;
        }
        LocalPostgres.recreate(System.getProperty("it.postgres.database", "hartketen_it"));
    }
}
