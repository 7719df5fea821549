package nl.hartketen.interfaces.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import nl.hartketen.LocalPostgres;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.infrastructure.persistence.StorageFailure;
import nl.hartketen.workflow.transaction.TransactionEntryFailure;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;

/**
 * What a client is told when the database gives up on its transaction, with the failures real databases raise: a
 * transaction PostgreSQL rolled back to end a deadlock, or a lock H2 did not grant in time, is a 503 to retry (nothing
 * was changed); any other database failure is a 500 with an incident number.
 */
class ErrorTranslatorTest {

    private static final String POSTGRES = LocalPostgres.url("test");

    private final ErrorTranslator translator = new ErrorTranslator(FhirContext.forR4Cached());

    @Test
    void aFailedBatchEntryGetsTheStatusAndOutcomeOfTheSameRequestAtItsPlace() {
        Bundle.BundleEntryComponent entry = translator.entryResponse(new TransactionEntryFailure(
                2, new RuleViolation("Patient.identifier[0].value", "Patient.identifier[0].value fails the 11-proef")));
        assertEquals("422 Unprocessable Entity", entry.getResponse().getStatus());
        OperationOutcome outcome = (OperationOutcome) entry.getResponse().getOutcome();
        assertEquals(
                "Bundle.entry[2].resource.Patient.identifier[0].value",
                outcome.getIssueFirstRep().getExpression().get(0).getValue());

        Bundle.BundleEntryComponent failed =
                translator.entryResponse(new TransactionEntryFailure(0, new IllegalStateException("SQL: secret")));
        assertTrue(
                failed.getResponse().getStatus().startsWith("500"),
                failed.getResponse().getStatus());
        String diagnostics = ((OperationOutcome) failed.getResponse().getOutcome())
                .getIssueFirstRep()
                .getDiagnostics();
        assertTrue(diagnostics.contains("incident") && !diagnostics.contains("secret"), diagnostics);
    }

    @Test
    void aDeadlockPostgresEndedIsA503ToRetry() throws Exception {
        assumeTrue(LocalPostgres.answers(), "PostgreSQL does not answer at " + LocalPostgres.ADDRESS);
        String table =
                "deadlock_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(
                POSTGRES,
                "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, n INTEGER)",
                "INSERT INTO " + table + " VALUES (1, 0), (2, 0)");
        try (Connection first = DriverManager.getConnection(POSTGRES, "postgres", "");
                Connection second = DriverManager.getConnection(POSTGRES, "postgres", "")) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            increment(first, table, 1);
            increment(second, table, 2);
            // each now wants the row the other holds: PostgreSQL rolls one of them back
            CompletableFuture<SQLException> firstWaits =
                    CompletableFuture.supplyAsync(() -> failureOf(first, table, 2));
            SQLException secondFailure = failureOf(second, table, 1);
            SQLException firstFailure = firstWaits.get(30, TimeUnit.SECONDS);
            SQLException deadlock = secondFailure != null ? secondFailure : firstFailure;
            assertNotNull(deadlock, "one of the two was rolled back");
            first.rollback();
            second.rollback();

            BaseServerResponseException answer =
                    translator.translate(new StorageFailure("could not keep the wait of request r1", deadlock));

            assertEquals(503, answer.getStatusCode(), deadlock.getSQLState() + " " + deadlock.getMessage());
            assertEquals(List.of("2"), answer.getResponseHeaders().get("Retry-After"));
            assertTrue(answer.getMessage().contains("nothing was changed"), answer.getMessage());
        } finally {
            execute(POSTGRES, "DROP TABLE " + table);
        }
    }

    @Test
    void aLockH2DidNotGrantInTimeIsA503ToRetry() throws Exception {
        String url = "jdbc:h2:mem:locks-" + UUID.randomUUID() + ";LOCK_TIMEOUT=200;DB_CLOSE_DELAY=-1";
        execute(url, "CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)", "INSERT INTO counter VALUES (1, 0)");
        try (Connection first = DriverManager.getConnection(url, "sa", "");
                Connection second = DriverManager.getConnection(url, "sa", "")) {
            first.setAutoCommit(false);
            increment(first, "counter", 1);
            SQLException timeout = failureOf(second, "counter", 1);
            assertNotNull(timeout, "the second waits for the first's lock, then gives up");
            first.rollback();

            BaseServerResponseException answer =
                    translator.translate(new StorageFailure("could not keep the wait of request r1", timeout));

            assertEquals(503, answer.getStatusCode(), timeout.getSQLState() + " " + timeout.getMessage());
            assertEquals(List.of("2"), answer.getResponseHeaders().get("Retry-After"));
        }
    }

    /** Payara's pool says so with an SQLException without SQLSTATE, caused by a ResourceAllocationException. */
    @Test
    void aConnectionThePoolCouldNotGiveInTimeIsA503ToRetry() {
        SQLException noConnection = new SQLException(
                "Error in allocating a connection. Cause: In-use connections equal max-pool-size",
                new jakarta.resource.spi.ResourceAllocationException("In-use connections equal max-pool-size"));

        BaseServerResponseException answer =
                translator.translate(new StorageFailure("could not read the resource", noConnection));

        assertEquals(503, answer.getStatusCode());
        assertTrue(answer.getMessage().contains("nothing was changed"), answer.getMessage());
    }

    @Test
    void anyOtherDatabaseFailureIsA500WithAnIncidentNumber() throws Exception {
        String url = "jdbc:h2:mem:broken-" + UUID.randomUUID();
        SQLException broken = null;
        try {
            execute(url, "SELECT no_such_column FROM no_such_table");
        } catch (SQLException e) {
            broken = e;
        }
        assertNotNull(broken);

        BaseServerResponseException answer =
                translator.translate(new StorageFailure("could not keep the wait of request r1", broken));

        assertEquals(500, answer.getStatusCode());
        assertTrue(answer.getMessage().contains("incident"), answer.getMessage());
        assertTrue(!answer.getMessage().contains("no_such"), "no SQL in the answer: " + answer.getMessage());
    }

    private static void increment(Connection connection, String table, int id) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE " + table + " SET n = n + 1 WHERE id = " + id);
        }
    }

    /** The failure of {@link #increment}, or null when it succeeded. */
    private static SQLException failureOf(Connection connection, String table, int id) {
        try {
            increment(connection, table, id);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    private static void execute(String url, String... statements) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(url, url.contains("postgresql") ? "postgres" : "sa", "");
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
