package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import nl.hartketen.LocalPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * "201" means kept. The runnable jar as shipped ({@code target/hartketen.jar}, the default H2 URL, or PostgreSQL in the
 * postgres run) is killed with SIGKILL while sixteen clients write referrals and retry what was not acknowledged, then
 * started again on the same database: every acknowledged referral is there, once, with its one Task. While it starts, a
 * request is refused at the port or answered 503, never 404 or 500. The same two
 * starts check that a transaction never acknowledges what it did not keep: one that runs past the Bundle time limit is
 * refused with 413, one that outlives the transaction manager's timeout is refused with 503, and in both cases nothing
 * of it is stored and the server goes on serving others.
 */
class CrashIT {

    private static final Logger LOG = Logger.getLogger(CrashIT.class.getName());
    private static final int WRITERS = 16;
    private static final int PATIENTS = 20;
    private static final int BUNDLE_REFERRALS = 500;
    private static final Duration LOAD_BEFORE_KILL = Duration.ofSeconds(8);

    private final int port = Integer.parseInt(System.getProperty("it.http.port", "18080")) + 100;
    private final String base = "http://127.0.0.1:" + port;
    private final boolean postgres = "postgres".equals(System.getProperty("it.database", "h2"));
    private final String admin = Tokens.token("admin", null, null);
    private final ReferralClient client = new ReferralClient(base, admin);
    private Path workDir;
    private Process server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    @Test
    void acknowledgedReferralsSurviveAKillAndNoTransactionAcknowledgesWhatItDidNotKeep() throws Exception {
        Assumptions.assumeTrue(
                !postgres || LocalPostgres.answers(), "PostgreSQL does not answer at " + LocalPostgres.ADDRESS);
        workDir = Path.of("target", postgres ? "crash-postgres" : "crash-h2").toAbsolutePath();
        ReferralClient.deleteRecursively(workDir);
        Files.createDirectories(workDir);
        Map<String, String> database = database();

        // First start, as shipped, with a Bundle time limit of 1 s.
        start(database, Map.of("HARTKETEN_TRANSACTION_MAX_SECONDS", "1"), null, 1);
        ReferralClient.Parties parties = client.parties("Crash", PATIENTS, Tokens::token);
        HttpResponse<String> tooLong =
                client.post("", client.transaction(parties, "slow", BUNDLE_REFERRALS), parties.gpToken());
        assertEquals(413, tooLong.statusCode(), tooLong.body());
        assertTrue(tooLong.body().contains("OperationOutcome") && tooLong.body().contains("1 s"), tooLong.body());

        client.writeWhile(parties, "w", WRITERS, () -> {
            Thread.sleep(LOAD_BEFORE_KILL.toMillis() / 2);
            // Checked while the sequencer seals: links sealed during the walk do not count as tampering.
            String underLoad = client.verifyChain();
            LOG.info(() -> "under load at " + Instant.now() + ": " + underLoad);
            Thread.sleep(LOAD_BEFORE_KILL.toMillis() / 2);
            server.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no last flush
            Thread.sleep(1000);
            return null;
        });
        LOG.info(() -> "killed with " + client.acknowledged.size() + " referrals acknowledged, " + client.pending.size()
                + " pending");
        assertTrue(client.acknowledged.size() >= WRITERS, "the load got going: " + client.acknowledged.size());

        // Second start on the same database, with a transaction timeout (2 s) shorter than the Bundle limit (120 s).
        Path shortTimeout = workDir.resolve("pre-boot-short-transaction-timeout.asadmin");
        Files.writeString(
                shortTimeout,
                Files.readString(Path.of("deployments/embedded/pre-boot-commands.asadmin"))
                        + "\nset configs.config.server-config.transaction-service.timeout-in-seconds=2\n");
        start(database, Map.of("HARTKETEN_TRANSACTION_MAX_SECONDS", "120"), shortTimeout, 2);
        client.sendPending(parties);
        client.assertEveryAcknowledgedReferralOnceWithOneTask(parties);
        client.assertAuditTrailSealedAndIntact();
        for (String id : client.acknowledged.values().stream().limit(20).toList()) {
            assertTrue(
                    !client.searchAll("/AuditEvent?entity=ServiceRequest/" + id, admin)
                            .isEmpty(),
                    "the acknowledged write of ServiceRequest/" + id + " has its audit entry");
        }

        long started = System.nanoTime();
        HttpResponse<String> outlived =
                client.post("", client.transaction(parties, "timeout", BUNDLE_REFERRALS), parties.gpToken());
        LOG.info(() -> "the transaction past the timeout was answered " + outlived.statusCode() + " after "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
        assertEquals(503, outlived.statusCode(), outlived.body());
        assertTrue(outlived.headers().firstValue("Retry-After").isPresent(), "a 503 says when to retry");
        assertTrue(
                outlived.body().contains("OperationOutcome") && outlived.body().contains("not stored"),
                outlived.body());
        assertFalse(
                client.referralsAt(parties.hospital(), parties.gpToken()).keySet().stream()
                        .anyMatch(value -> value.startsWith("timeout-")),
                "nothing of the rolled-back transaction is stored");
        assertEquals(200, client.get("/health/ready", null).statusCode(), "the database still serves");
        assertTrue(client.sendAsAClientWould(parties, "after-timeout"), "and takes the next referral");
    }

    /** The database of this run: H2 as shipped (the default URL, under the work directory), or a PostgreSQL database of its own. */
    private Map<String, String> database() throws SQLException {
        Map<String, String> environment = new HashMap<>();
        if (postgres) {
            String name = "hartketen_crash";
            LocalPostgres.recreate(name);
            environment.put("HARTKETEN_DB_URL", LocalPostgres.url(name));
            environment.put("HARTKETEN_DB_DRIVER", "org.postgresql.ds.PGSimpleDataSource");
            environment.put("HARTKETEN_DB_USER", "postgres");
        }
        return environment;
    }

    /** Starts the runnable jar in the work directory and waits until it is ready. */
    private void start(Map<String, String> database, Map<String, String> settings, Path preBootCommands, int run)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Dmp.jwt.verify.publickey.location=" + base + "/dev-issuer/jwks.json",
                "-jar",
                Path.of("target/hartketen.jar").toAbsolutePath().toString(),
                "--port",
                String.valueOf(port)));
        if (preBootCommands != null) {
            command.addAll(List.of("--prebootcommandfile", preBootCommands.toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("server-" + run + ".log").toFile());
        Map<String, String> environment = builder.environment();
        // As shipped: the default H2 URL unless this run is on PostgreSQL; no demo data, no generated activity.
        List.of(
                        "HARTKETEN_DB_URL",
                        "HARTKETEN_DB_DRIVER",
                        "HARTKETEN_DB_USER",
                        "HARTKETEN_DB_PASSWORD",
                        "HARTKETEN_GENERATOR_ENABLED")
                .forEach(environment::remove);
        environment.putAll(database);
        environment.putAll(settings);
        server = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        Set<Integer> answersWhileStarting = new java.util.TreeSet<>();
        while (System.nanoTime() < deadline) {
            assertTrue(server.isAlive(), "the server stopped; see " + workDir.resolve("server-" + run + ".log"));
            try {
                answersWhileStarting.add(client.get("/fhir/metadata", null).statusCode());
                if (client.get("/health/ready", null).statusCode() == 200) {
                    // Until it is ready a client is refused or told to retry, never told "not found" or "failed".
                    answersWhileStarting.removeAll(Set.of(200, 503));
                    assertEquals(Set.of(), answersWhileStarting, "answers other than 503 while starting");
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet: the port opens once the application is deployed
            }
            ReferralClient.sleep(250);
        }
        throw new IllegalStateException(
                "the server did not become ready; see " + workDir.resolve("server-" + run + ".log"));
    }
}
