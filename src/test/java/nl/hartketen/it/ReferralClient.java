package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
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

/**
 * A running server's client, as GP systems and an administrator use it from outside (the tests that start the runnable
 * jar themselves): it sets up a practice, a hospital and patients, and writes referrals the way a GP's system would,
 * conditionally on the referral's identifier and again until acknowledged, keeping what it was told.
 */
final class ReferralClient {

    private static final Logger LOG = Logger.getLogger(ReferralClient.class.getName());
    static final FhirContext FHIR = FhirContext.forR4();
    static final String REFERRAL_SYSTEM = "https://load.test/referral";
    /** Answers a client retries: the server (503) or the balancer in front of it (502, 504) asks it to. */
    private static final Set<Integer> RETRYABLE = Set.of(502, 503, 504);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;
    private final String admin;

    /** What the writers were told: referral identifier value → id. */
    final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    /** Referrals a writer sent but never saw acknowledged when it stopped: to be sent again. */
    final Set<String> pending = ConcurrentHashMap.newKeySet();
    /** Sends that were refused for now (502, 503, 504) or cut off, and so sent again. */
    final java.util.concurrent.atomic.AtomicInteger retried = new java.util.concurrent.atomic.AtomicInteger();
    /** Answers other than acknowledgements and retryable failures. */
    final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

    /** @param base the server's (or balancer's) address, e.g. http://127.0.0.1:8080 */
    ReferralClient(String base, String adminToken) {
        this.base = base;
        this.admin = adminToken;
    }

    record Parties(String gpToken, String practitioner, String practiceUra, String hospital, List<String> patients) {}

    /** A GP practice with its GP, a hospital and patients of the practice, made through the API. */
    Parties parties(String name, int patients, TokenMaker tokens) throws Exception {
        Organization practice = create(organization("Huisartsenpraktijk " + name), admin);
        Organization hospital = create(organization("Ziekenhuis " + name), admin);
        Practitioner gp = new Practitioner();
        gp.addIdentifier(new Identifier().setSystem(Tokens.AGB).setValue("01" + unique()));
        gp.addName().setFamily(name).addGiven("Huisarts");
        gp = create(gp, admin);
        String gpToken = tokens.token("gp", gp.getIdentifierFirstRep().getValue(), uraOf(practice));
        List<String> made = new ArrayList<>();
        for (int i = 0; i < patients; i++) {
            Patient patient = new Patient();
            patient.addIdentifier(
                    new Identifier().setSystem("https://load.test/patient").setValue(unique()));
            patient.addName().setFamily("Patient" + i).addGiven(name);
            patient.addGeneralPractitioner(
                    new Reference("Organization/" + practice.getIdElement().getIdPart()));
            made.add("Patient/" + create(patient, gpToken).getIdElement().getIdPart());
        }
        return new Parties(
                gpToken,
                "Practitioner/" + gp.getIdElement().getIdPart(),
                uraOf(practice),
                "Organization/" + hospital.getIdElement().getIdPart(),
                made);
    }

    /** Signs a token for a role, practitioner (AGB) and organization (URA) as the server under test trusts it. */
    interface TokenMaker {
        String token(String role, String practitionerAgb, String organizationUra);
    }

    static String uraOf(Organization organization) {
        return organization.getIdentifier().stream()
                .filter(id -> Tokens.URA.equals(id.getSystem()))
                .findFirst()
                .orElseThrow()
                .getValue();
    }

    static Organization organization(String name) {
        Organization organization = new Organization().setName(name + " " + unique());
        organization.addIdentifier(new Identifier().setSystem(Tokens.AGB).setValue("06" + unique()));
        organization.addIdentifier(new Identifier().setSystem(Tokens.URA).setValue("9" + unique()));
        return organization;
    }

    @SuppressWarnings("unchecked")
    <T extends Resource> T create(T resource, String token) throws Exception {
        HttpResponse<String> response =
                post("/" + resource.fhirType(), FHIR.newJsonParser().encodeResourceToString(resource), token);
        assertEquals(201, response.statusCode(), response.body());
        return (T) FHIR.newJsonParser().parseResource(resource.getClass(), response.body());
    }

    ServiceRequest referral(Parties parties, String value) {
        Patient patient = new Patient();
        patient.setId(parties.patients()
                .get(Math.floorMod(value.hashCode(), parties.patients().size())));
        Practitioner gp = new Practitioner();
        gp.setId(parties.practitioner());
        Organization hospital = new Organization();
        hospital.setId(parties.hospital());
        ServiceRequest request = ContainerTest.referral(patient, gp, hospital);
        request.addIdentifier(new Identifier().setSystem(REFERRAL_SYSTEM).setValue(value));
        return request;
    }

    /** Sends a referral as the GP's system would: conditionally, so that a retry never makes a second one. */
    boolean send(Parties parties, String value) {
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
            if (RETRYABLE.contains(response.statusCode())) {
                retried.incrementAndGet();
            } else {
                unexpected.add(response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            // the server is gone or going: try again
            retried.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * Sends until acknowledged, at most five times, a second apart: a 503 asks the client to retry, and a restarted
     * server, still warming up on a busy machine, may give one when a write runs past a short transaction timeout.
     */
    boolean sendAsAClientWould(Parties parties, String value) throws InterruptedException {
        for (int attempt = 0; attempt < 5; attempt++) {
            if (send(parties, value)) {
                return true;
            }
            Thread.sleep(1000);
        }
        return false;
    }

    /** Sends every referral not yet acknowledged again, as its client would: each must be taken. */
    void sendPending(Parties parties) throws InterruptedException {
        for (String value : pending) {
            assertTrue(sendAsAClientWould(parties, value), "a pending referral is taken: " + value);
        }
    }

    /**
     * {@code writers} clients, each sending its next referral once the last one was acknowledged (prefix, writer,
     * sequence), while {@code meanwhile} runs; they stop when it returns.
     */
    <T> T writeWhile(Parties parties, String prefix, int writers, Callable<T> meanwhile) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        for (int w = 0; w < writers; w++) {
            int writer = w;
            pool.submit(() -> {
                for (int sequence = 0; !stop.get(); sequence++) {
                    String value = prefix + writer + "-" + sequence;
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
        try {
            return meanwhile.call();
        } finally {
            stop.set(true);
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
    }

    /**
     * After the writing stopped: every acknowledged referral is stored with the id it was acknowledged with, none is
     * stored twice, and each has exactly one Task.
     */
    void assertEveryAcknowledgedReferralOnceWithOneTask(Parties parties) throws Exception {
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
    }

    /** The referrals stored for {@code hospital}: identifier value → ids, read page by page. */
    Map<String, List<String>> referralsAt(String hospital, String token) throws Exception {
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

    /** Every page of a search, each next link followed at this client's address. */
    List<Resource> searchAll(String search, String token) throws Exception {
        List<Resource> found = new ArrayList<>();
        String next = base + "/fhir" + search;
        while (next != null) {
            Bundle page = page(next, token);
            page.getEntry().forEach(entry -> found.add(entry.getResource()));
            next = page.getLink(Bundle.LINK_NEXT) == null
                    ? null
                    : at(base, page.getLink(Bundle.LINK_NEXT).getUrl());
        }
        return found;
    }

    /** One page of search results from {@code url}. */
    Bundle page(String url, String token) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
    }

    /** A link's path and query at another address (e.g. another node). */
    static String at(String address, String link) {
        URI uri = URI.create(link);
        return address + uri.getRawPath() + "?" + uri.getRawQuery();
    }

    /**
     * The audit trail verifies, and soon no entry waits to be sealed (the sequencer seals in the background). Each check
     * is itself an audited access, sealed within a round.
     */
    void assertAuditTrailSealedAndIntact() throws Exception {
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
    String verifyChain() throws Exception {
        HttpResponse<String> check = get("/fhir/AuditEvent/$verify-chain?_format=json", admin);
        assertEquals(200, check.statusCode(), check.body());
        String diagnostics = FHIR.newJsonParser()
                .parseResource(OperationOutcome.class, check.body())
                .getIssueFirstRep()
                .getDiagnostics();
        assertTrue(diagnostics.startsWith("The audit trail is intact"), diagnostics);
        return diagnostics;
    }

    /** A transaction of {@code count} referrals, each with an identifier starting with {@code prefix}. */
    String transaction(Parties parties, String prefix, int count) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < count; i++) {
            String value = prefix + "-" + i;
            bundle.addEntry()
                    .setResource(referral(parties, value))
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("ServiceRequest")
                    .setIfNoneExist("identifier=" + REFERRAL_SYSTEM + "|" + value);
        }
        return FHIR.newJsonParser().encodeResourceToString(bundle);
    }

    HttpResponse<String> post(String path, String body, String token, String... headers)
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

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String unique() {
        return java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteRecursively(java.nio.file.Path directory) throws IOException {
        if (!java.nio.file.Files.exists(directory)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(directory)) {
            for (java.nio.file.Path path :
                    paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(path);
            }
        }
    }
}
