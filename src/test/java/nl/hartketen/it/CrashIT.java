package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import nl.hartketen.LocalPostgres;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
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
    private static final FhirContext FHIR = FhirContext.forR4();
    private static final String REFERRAL_SYSTEM = "https://crash.test/referral";
    private static final int WRITERS = 16;
    private static final int PATIENTS = 20;
    private static final int BUNDLE_REFERRALS = 500;
    private static final Duration LOAD_BEFORE_KILL = Duration.ofSeconds(8);

    private final int port = Integer.parseInt(System.getProperty("it.http.port", "18080")) + 100;
    private final String base = "http://127.0.0.1:" + port;
    private final boolean postgres = "postgres".equals(System.getProperty("it.database", "h2"));
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String admin = Tokens.token("admin", null, null);
    private Path workDir;
    private Process server;

    /** What the writers were told: referral identifier value → id. */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    /** Referrals a writer sent but never saw acknowledged when the server died: sent again after the restart. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

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
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        Map<String, String> database = database();

        // First start, as shipped, with a Bundle time limit of 1 s.
        start(database, Map.of("HARTKETEN_TRANSACTION_MAX_SECONDS", "1"), null, 1);
        Parties parties = parties();
        HttpResponse<String> tooLong = post("", transaction(parties, "slow"), parties.gpToken());
        assertEquals(413, tooLong.statusCode(), tooLong.body());
        assertTrue(tooLong.body().contains("OperationOutcome") && tooLong.body().contains("1 s"), tooLong.body());

        writeUntilKilled(parties);
        LOG.info(
                () -> "killed with " + acknowledged.size() + " referrals acknowledged, " + pending.size() + " pending");
        assertTrue(acknowledged.size() >= WRITERS, "the load got going: " + acknowledged.size());

        // Second start on the same database, with a transaction timeout (2 s) shorter than the Bundle limit (120 s).
        Path shortTimeout = workDir.resolve("pre-boot-short-transaction-timeout.asadmin");
        Files.writeString(
                shortTimeout,
                Files.readString(Path.of("deployments/embedded/pre-boot-commands.asadmin"))
                        + "\nset configs.config.server-config.transaction-service.timeout-in-seconds=2\n");
        start(database, Map.of("HARTKETEN_TRANSACTION_MAX_SECONDS", "120"), shortTimeout, 2);
        for (String value : pending) {
            assertTrue(sendAsAClientWould(parties, value), "a pending referral is taken after the restart: " + value);
        }
        Map<String, List<String>> stored = referralsAt(parties.hospital(), parties.gpToken());
        List<String> lost = acknowledged.keySet().stream()
                .filter(value -> !stored.containsKey(value))
                .toList();
        List<String> duplicated = stored.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .map(Map.Entry::getKey)
                .toList();
        LOG.info(() ->
                acknowledged.size() + " acknowledged, " + lost.size() + " lost, " + duplicated.size() + " duplicated");
        assertEquals(List.of(), lost, "acknowledged referrals lost");
        assertEquals(List.of(), duplicated, "referrals stored twice");
        acknowledged.forEach(
                (value, id) -> assertEquals(List.of(id), stored.get(value), "the acknowledged id is the stored one"));
        Map<String, Integer> tasks = tasksPerReferral(parties.hospital(), parties.gpToken());
        stored.values()
                .forEach(ids -> assertEquals(
                        1,
                        tasks.getOrDefault("ServiceRequest/" + ids.get(0), 0),
                        "one Task for ServiceRequest/" + ids.get(0)));
        assertEquals(List.of(), unexpected, "answers other than acknowledgements and retryable failures");
        assertAuditTrailSealedAndIntact();
        for (String id : acknowledged.values().stream().limit(20).toList()) {
            assertTrue(
                    !searchAll("/AuditEvent?entity=ServiceRequest/" + id, admin).isEmpty(),
                    "the acknowledged write of ServiceRequest/" + id + " has its audit entry");
        }

        long started = System.nanoTime();
        HttpResponse<String> outlived = post("", transaction(parties, "timeout"), parties.gpToken());
        LOG.info(() -> "the transaction past the timeout was answered " + outlived.statusCode() + " after "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
        assertEquals(503, outlived.statusCode(), outlived.body());
        assertTrue(outlived.headers().firstValue("Retry-After").isPresent(), "a 503 says when to retry");
        assertTrue(
                outlived.body().contains("OperationOutcome") && outlived.body().contains("not stored"),
                outlived.body());
        assertFalse(
                referralsAt(parties.hospital(), parties.gpToken()).keySet().stream()
                        .anyMatch(value -> value.startsWith("timeout-")),
                "nothing of the rolled-back transaction is stored");
        assertEquals(200, get("/health/ready", null).statusCode(), "the database still serves");
        assertTrue(sendAsAClientWould(parties, "after-timeout"), "and takes the next referral");
    }

    /**
     * The kill left entries unsealed (the sequencer seals in the background); after the restart it seals them: every
     * sealed entry verifies, and soon no entry waits. Each check is itself an audited access, sealed within a round.
     */
    private void assertAuditTrailSealedAndIntact() throws Exception {
        String diagnostics = "";
        for (int attempt = 0; attempt < 20; attempt++) {
            diagnostics = verifyChain();
            if (diagnostics.contains("no entries waiting to be sealed")) {
                LOG.info(diagnostics);
                return;
            }
            sleep(500);
        }
        fail("the audit trail's tail is not sealed: " + diagnostics);
    }

    /** What $verify-chain says, once it has said the chain is intact. */
    private String verifyChain() throws Exception {
        HttpResponse<String> check = get("/fhir/AuditEvent/$verify-chain?_format=json", admin);
        assertEquals(200, check.statusCode(), check.body());
        String diagnostics = FHIR.newJsonParser()
                .parseResource(OperationOutcome.class, check.body())
                .getIssueFirstRep()
                .getDiagnostics();
        assertTrue(diagnostics.startsWith("The audit trail is intact"), diagnostics);
        return diagnostics;
    }

    private record Parties(String gpToken, String practitioner, String hospital, List<String> patients) {}

    /** A GP practice with its GP, a hospital and patients of the practice, made through the API. */
    private Parties parties() throws Exception {
        Organization practice = create(organization("Huisartsenpraktijk Crash"), admin);
        Organization hospital = create(organization("Ziekenhuis Crash"), admin);
        Practitioner gp = new Practitioner();
        gp.addIdentifier(new Identifier().setSystem(Tokens.AGB).setValue("01" + unique()));
        gp.addName().setFamily("Crash").addGiven("Huisarts");
        gp = create(gp, admin);
        String gpToken = Tokens.token(
                "gp",
                gp.getIdentifierFirstRep().getValue(),
                practice.getIdentifier().stream()
                        .filter(id -> Tokens.URA.equals(id.getSystem()))
                        .findFirst()
                        .orElseThrow()
                        .getValue());
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < PATIENTS; i++) {
            Patient patient = new Patient();
            patient.addIdentifier(
                    new Identifier().setSystem("https://crash.test/patient").setValue(unique()));
            patient.addName().setFamily("Patient" + i).addGiven("Crash");
            patient.addGeneralPractitioner(
                    new Reference("Organization/" + practice.getIdElement().getIdPart()));
            patients.add("Patient/" + create(patient, gpToken).getIdElement().getIdPart());
        }
        return new Parties(
                gpToken,
                "Practitioner/" + gp.getIdElement().getIdPart(),
                "Organization/" + hospital.getIdElement().getIdPart(),
                patients);
    }

    private static Organization organization(String name) {
        Organization organization = new Organization().setName(name + " " + unique());
        organization.addIdentifier(new Identifier().setSystem(Tokens.AGB).setValue("06" + unique()));
        organization.addIdentifier(new Identifier().setSystem(Tokens.URA).setValue("9" + unique()));
        return organization;
    }

    @SuppressWarnings("unchecked")
    private <T extends Resource> T create(T resource, String token) throws Exception {
        HttpResponse<String> response =
                post("/" + resource.fhirType(), FHIR.newJsonParser().encodeResourceToString(resource), token);
        assertEquals(201, response.statusCode(), response.body());
        return (T) FHIR.newJsonParser().parseResource(resource.getClass(), response.body());
    }

    private ServiceRequest referral(Parties parties, String value) {
        Patient patient = new Patient();
        patient.setId(parties.patients().get(Math.floorMod(value.hashCode(), PATIENTS)));
        Practitioner gp = new Practitioner();
        gp.setId(parties.practitioner());
        Organization hospital = new Organization();
        hospital.setId(parties.hospital());
        ServiceRequest request = ContainerTest.referral(patient, gp, hospital);
        request.addIdentifier(new Identifier().setSystem(REFERRAL_SYSTEM).setValue(value));
        return request;
    }

    /** Sends a referral as the GP's system would: conditionally, so that a retry never makes a second one. */
    private boolean send(Parties parties, String value) {
        try {
            HttpResponse<String> response = post(
                    "/ServiceRequest",
                    FHIR.newJsonParser().encodeResourceToString(referral(parties, value)),
                    parties.gpToken(),
                    "If-None-Exist",
                    "identifier=" + REFERRAL_SYSTEM + "|" + value);
            if (response.statusCode() == 201 || response.statusCode() == 200) {
                acknowledged.put(
                        value,
                        FHIR.newJsonParser()
                                .parseResource(ServiceRequest.class, response.body())
                                .getIdElement()
                                .getIdPart());
                return true;
            }
            if (response.statusCode() != 503) {
                unexpected.add(response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            // the server is gone or going: try again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * Sends until acknowledged, at most five times, a second apart: a 503 asks the client to retry, and the restarted
     * server, still warming up on a busy machine, may give one when a write runs past the short transaction timeout.
     */
    private boolean sendAsAClientWould(Parties parties, String value) throws InterruptedException {
        for (int attempt = 0; attempt < 5; attempt++) {
            if (send(parties, value)) {
                return true;
            }
            Thread.sleep(1000);
        }
        return false;
    }

    /** Sixteen writers, each sending its next referral once the last one was acknowledged, until the server is killed. */
    private void writeUntilKilled(Parties parties) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.submit(() -> {
                for (int sequence = 0; !stop.get(); sequence++) {
                    String value = "w" + writer + "-" + sequence;
                    pending.add(value);
                    while (!stop.get() && !send(parties, value)) {
                        sleep(100);
                    }
                    if (acknowledged.containsKey(value)) {
                        pending.remove(value);
                    }
                }
            });
        }
        Thread.sleep(LOAD_BEFORE_KILL.toMillis() / 2);
        // Checked while the sequencer seals: links sealed during the walk do not count as tampering.
        String underLoad = verifyChain();
        LOG.info(() -> "under load at " + Instant.now() + ": " + underLoad);
        Thread.sleep(LOAD_BEFORE_KILL.toMillis() / 2);
        server.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no last flush
        sleep(1000);
        stop.set(true);
        writers.shutdown();
        assertTrue(writers.awaitTermination(60, TimeUnit.SECONDS));
    }

    /** The referrals stored for {@code hospital}: identifier value → ids, read page by page. */
    private Map<String, List<String>> referralsAt(String hospital, String token) throws Exception {
        Map<String, List<String>> stored = new HashMap<>();
        for (Resource resource : searchAll("/ServiceRequest?performer=" + hospital + "&_count=500", token)) {
            ServiceRequest request = (ServiceRequest) resource;
            request.getIdentifier().stream()
                    .filter(id -> REFERRAL_SYSTEM.equals(id.getSystem()))
                    .forEach(id -> stored.computeIfAbsent(id.getValue(), v -> new ArrayList<>())
                            .add(request.getIdElement().getIdPart()));
        }
        return stored;
    }

    private Map<String, Integer> tasksPerReferral(String hospital, String token) throws Exception {
        Map<String, Integer> tasks = new HashMap<>();
        for (Resource resource : searchAll("/Task?owner=" + hospital + "&_count=500", token)) {
            tasks.merge(((Task) resource).getFocus().getReference(), 1, Integer::sum);
        }
        return tasks;
    }

    private List<Resource> searchAll(String search, String token) throws Exception {
        List<Resource> found = new ArrayList<>();
        String next = base + "/fhir" + search;
        while (next != null) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(next))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            Bundle page = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
            page.getEntry().forEach(entry -> found.add(entry.getResource()));
            next = page.getLink(Bundle.LINK_NEXT) == null
                    ? null
                    : base + URI.create(page.getLink(Bundle.LINK_NEXT).getUrl()).getRawPath() + "?"
                            + URI.create(page.getLink(Bundle.LINK_NEXT).getUrl())
                                    .getRawQuery();
        }
        return found;
    }

    /** A transaction of many referrals, each with an identifier starting with {@code prefix}. */
    private String transaction(Parties parties, String prefix) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < BUNDLE_REFERRALS; i++) {
            bundle.addEntry()
                    .setResource(referral(parties, prefix + "-" + i))
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("ServiceRequest");
        }
        return FHIR.newJsonParser().encodeResourceToString(bundle);
    }

    private HttpResponse<String> post(String path, String body, String token, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/fhir" + path))
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/fhir+json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
                answersWhileStarting.add(get("/fhir/metadata", null).statusCode());
                if (get("/health/ready", null).statusCode() == 200) {
                    // Until it is ready a client is refused or told to retry, never told "not found" or "failed".
                    answersWhileStarting.removeAll(Set.of(200, 503));
                    assertEquals(Set.of(), answersWhileStarting, "answers other than 503 while starting");
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet: the port opens once the application is deployed
            }
            sleep(250);
        }
        throw new IllegalStateException(
                "the server did not become ready; see " + workDir.resolve("server-" + run + ".log"));
    }

    private static String unique() {
        return java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
