package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import nl.hartketen.LocalPostgres;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Two nodes behind HAProxy on PostgreSQL, started by {@code deployments/cluster/run.sh} as a user would start them.
 * <ul>
 * <li>A search's next page is followed on the other node.
 * <li>A directory write on one node reaches the other node's callers at once (over the data grid).
 * <li>The node delivering notifications is killed with SIGKILL while twelve GP systems write referrals through the balancer (conditional
 * creates, sent again until acknowledged) and a thirteenth sends transaction Bundles with If-None-Exist: no
 * acknowledged referral is lost or stored twice, each has one Task, no transaction is stored in part, the other node
 * kept serving, every acknowledged transaction sent again is answered with what it made, and the audit chain verifies.
 * <li>The GP system's subscription hears of every stored referral, each version as one event: the other node took
 * over delivering.
 * <li>The killed node, started again, is ready, serves, and rejoins the data grid.
 * </ul>
 */
class ClusterIT {

    private static final Logger LOG = Logger.getLogger(ClusterIT.class.getName());
    private static final String DATABASE = "hartketen_cluster_it";
    private static final int WRITERS = 12;
    private static final int BUNDLE_REFERRALS = 5;
    private static final Duration BEFORE_KILL = Duration.ofSeconds(6);
    private static final Duration AFTER_KILL = Duration.ofSeconds(8);

    private final int balancerPort = Integer.parseInt(System.getProperty("it.http.port", "18080")) + 300;
    private final String balancer = "http://127.0.0.1:" + balancerPort;
    private final String issuer = "http://localhost:" + balancerPort + "/dev-issuer";
    private final Path clusterDir = Path.of("target", "cluster-it").toAbsolutePath();
    private final String admin = token("admin", null, null);

    @AfterEach
    void stopCluster() throws Exception {
        if (Files.exists(clusterDir.resolve("cluster.env"))) {
            script(Duration.ofSeconds(120), "deployments/cluster/stop.sh");
        }
    }

    @Test
    void pagesAndCachesWorkAcrossNodesAndTheLossOfANodeLosesNothing() throws Exception {
        Assumptions.assumeTrue(
                "postgres".equals(System.getProperty("it.database")), "a cluster runs on PostgreSQL only");
        Assumptions.assumeTrue(LocalPostgres.answers(), "PostgreSQL does not answer at " + LocalPostgres.ADDRESS);
        Assumptions.assumeTrue(onPath("haproxy"), "HAProxy is not installed (.ci/run installs it)");
        LocalPostgres.recreate(DATABASE);
        ReferralClient.deleteRecursively(clusterDir);
        Files.createDirectories(clusterDir);
        // The development issuer's shared key, given as an operator would give it: the one the tests sign with.
        Files.copy(
                Path.of("src/test/resources/security/dev-issuer-private-key.pem"),
                clusterDir.resolve("dev-issuer-key.pem"));
        long starting = System.nanoTime();
        assertEquals(
                0, script(Duration.ofSeconds(300), "deployments/cluster/run.sh", "2"), "run.sh started the cluster");
        long startSeconds = Duration.ofNanos(System.nanoTime() - starting).toSeconds();

        ReferralClient client = new ReferralClient(balancer, admin);
        ReferralClient.Parties parties = client.parties("Cluster", 20, this::token);

        nextPageOnTheOtherNode(parties);
        directoryWriteReachesTheOtherNode(parties);

        // The GP system subscribes to its referrals: each must be announced once, whichever node delivers.
        NotificationReceiver gpSystem = new NotificationReceiver(ReferralClient.FHIR).start();
        HttpResponse<String> subscribed = client.post(
                "/Subscription",
                "{\"resourceType\": \"Subscription\", \"status\": \"requested\", \"reason\": \"Our referrals\","
                        + " \"criteria\": \"ServiceRequest?performer=" + parties.hospital() + "\", \"channel\":"
                        + " {\"type\": \"rest-hook\", \"endpoint\": \"" + gpSystem.endpoint() + "\"}}",
                parties.gpToken());
        assertEquals(201, subscribed.statusCode(), subscribed.body());

        // The loss under load of the node that delivers the notifications (the one holding their cluster lock).
        int victim = deliveringNode();
        List<String> uncertainBundles = Collections.synchronizedList(new ArrayList<>());
        Map<String, List<String>> acknowledgedBundles = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicBoolean stopBundles = new AtomicBoolean();
        Thread bundles = new Thread(() -> {
            for (int sequence = 0; !stopBundles.get(); sequence++) {
                String prefix = "t" + sequence;
                try {
                    HttpResponse<String> answer =
                            client.post("", client.transaction(parties, prefix, BUNDLE_REFERRALS), parties.gpToken());
                    if (answer.statusCode() == 200) {
                        acknowledgedBundles.put(prefix, madeBy(answer));
                    } else {
                        uncertainBundles.add(prefix);
                        if (answer.statusCode() < 500) {
                            client.unexpected.add(answer.statusCode() + " " + answer.body());
                        }
                    }
                } catch (IOException e) {
                    uncertainBundles.add(prefix);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        bundles.start();
        long[] figures = client.writeWhile(parties, "w", WRITERS, () -> {
            Thread.sleep(BEFORE_KILL.toMillis());
            long beforeKill = client.acknowledged.size();
            long pid = Long.parseLong(Files.readString(clusterDir.resolve("node-" + victim + ".pid"))
                    .trim());
            ProcessHandle killed = ProcessHandle.of(pid).orElseThrow();
            killed.destroyForcibly(); // SIGKILL: no shutdown hook, no last flush
            killed.onExit().get(30, TimeUnit.SECONDS);
            Thread.sleep(AFTER_KILL.toMillis());
            return new long[] {beforeKill, client.acknowledged.size() - beforeKill};
        });
        stopBundles.set(true);
        bundles.join(120_000);
        LOG.info(() -> "node " + victim + " killed; acknowledged " + figures[0] + " referrals before, " + figures[1]
                + " after; " + client.pending.size() + " pending; bundles: " + acknowledgedBundles.size()
                + " acknowledged, " + uncertainBundles.size() + " uncertain");
        assertTrue(
                figures[1] > WRITERS,
                "the other node kept serving: " + figures[1] + " referrals acknowledged after the kill");

        Map<String, List<String>> stored = client.referralsAt(parties.hospital(), parties.gpToken());
        for (String prefix : acknowledgedBundles.keySet()) {
            assertEquals(BUNDLE_REFERRALS, storedOf(stored, prefix), "acknowledged transaction " + prefix);
        }
        for (String prefix : uncertainBundles) {
            long kept = storedOf(stored, prefix);
            assertTrue(kept == 0 || kept == BUNDLE_REFERRALS, "transaction " + prefix + " kept in part: " + kept);
            HttpResponse<String> again =
                    client.post("", client.transaction(parties, prefix, BUNDLE_REFERRALS), parties.gpToken());
            assertEquals(200, again.statusCode(), again.body());
        }
        client.sendPending(parties);
        Map<String, List<String>> afterRetries = client.referralsAt(parties.hospital(), parties.gpToken());
        for (String prefix : uncertainBundles) {
            assertEquals(BUNDLE_REFERRALS, storedOf(afterRetries, prefix), "transaction " + prefix + " sent again");
        }
        // A client that lost an answer sends the Bundle again: it is told of what it made, and nothing is made twice.
        for (Map.Entry<String, List<String>> bundle : acknowledgedBundles.entrySet()) {
            HttpResponse<String> again =
                    client.post("", client.transaction(parties, bundle.getKey(), BUNDLE_REFERRALS), parties.gpToken());
            assertEquals(200, again.statusCode(), again.body());
            assertEquals(bundle.getValue(), madeBy(again), "transaction " + bundle.getKey() + " sent again");
            assertTrue(again.body().contains("200 OK") && !again.body().contains("201 Created"), again.body());
        }
        client.assertEveryAcknowledgedReferralOnceWithOneTask(parties);
        client.assertAuditTrailSealedAndIntact();
        // Every stored referral was announced, by whichever node held the delivery, and none as two events.
        long announcing = System.nanoTime();
        for (List<String> ids :
                client.referralsAt(parties.hospital(), parties.gpToken()).values()) {
            gpSystem.awaitFocus("ServiceRequest/" + ids.get(0), 1, Duration.ofSeconds(120));
        }
        gpSystem.assertOneEventPerVersion();
        gpSystem.stop();
        long announcedWithin = Duration.ofNanos(System.nanoTime() - announcing).toSeconds();

        // The killed node comes back and rejoins.
        long restarting = System.nanoTime();
        assertEquals(0, script(Duration.ofSeconds(30), "deployments/cluster/node.sh", String.valueOf(victim)));
        ReferralClient back = new ReferralClient(node(victim), admin);
        awaitReady(back, Duration.ofSeconds(240));
        long restartSeconds = Duration.ofNanos(System.nanoTime() - restarting).toSeconds();
        assertEquals(200, back.get("/fhir/Patient?_count=1", parties.gpToken()).statusCode(), "it serves again");
        assertTrue(
                Files.readString(clusterDir.resolve("node-" + victim + ".log")).contains("DG Size: 2"),
                "it rejoined the data grid of two");
        String summary = String.format(
                "cluster of 2 ready in %d s; %d referrals acknowledged in %d s before the kill, %d in %d s after it;"
                        + " %d sends refused or cut off and sent again; %d transactions acknowledged, %d sent again;"
                        + " 0 lost, 0 duplicated; %d notifications received (%d s after the checks), none"
                        + " lost, none announced twice; node %d, which delivered them, killed and ready again in %d s",
                startSeconds,
                figures[0],
                BEFORE_KILL.toSeconds(),
                figures[1],
                AFTER_KILL.toSeconds(),
                client.retried.get(),
                acknowledgedBundles.size(),
                uncertainBundles.size(),
                gpSystem.events().size(),
                announcedWithin,
                victim,
                restartSeconds);
        LOG.info(summary);
        Files.writeString(clusterDir.resolve("figures.txt"), summary + "\n");
    }

    /** A next link names the balancer, and the other node serves the page, still for its user only. */
    private void nextPageOnTheOtherNode(ReferralClient.Parties parties) throws Exception {
        ReferralClient node1 = new ReferralClient(node(1), admin);
        Bundle first = node1.page(node(1) + "/fhir/Patient?_count=5", parties.gpToken());
        String next = first.getLink(Bundle.LINK_NEXT).getUrl();
        assertTrue(
                next.startsWith("http://localhost:" + balancerPort + "/fhir"), "the link names the balancer: " + next);
        Bundle second = node1.page(ReferralClient.at(node(2), next), parties.gpToken());
        assertEquals(5, second.getEntry().size());
        Set<String> ids = new HashSet<>();
        first.getEntry()
                .forEach(entry -> ids.add(entry.getResource().getIdElement().getIdPart()));
        second.getEntry()
                .forEach(entry -> assertTrue(
                        ids.add(entry.getResource().getIdElement().getIdPart()), "page 2 goes on from page 1"));
        HttpResponse<String> someoneElse = node1.get(
                ReferralClient.at("", next), token("gp", "01" + ReferralClient.unique(), parties.practiceUra()));
        assertTrue(
                someoneElse.statusCode() >= 400 && someoneElse.statusCode() < 500,
                "another user cannot follow the link: " + someoneElse.statusCode());
        assertEquals(
                20,
                new ReferralClient(balancer, admin)
                        .searchAll("/Patient?_count=3", parties.gpToken())
                        .size());
    }

    /**
     * Node 2 resolves a GP's token while the GP is not in the directory yet, and keeps that; the GP is then added on
     * node 1, and node 2's next request by that token is audited as the GP's.
     */
    private void directoryWriteReachesTheOtherNode(ReferralClient.Parties parties) throws Exception {
        String agb = "01" + ReferralClient.unique();
        String newGp = token("gp", agb, parties.practiceUra());
        ReferralClient node1 = new ReferralClient(node(1), admin);
        ReferralClient node2 = new ReferralClient(node(2), admin);
        assertEquals(200, node2.get("/fhir/Patient?_count=1", newGp).statusCode());
        Practitioner gp = new Practitioner();
        gp.addIdentifier(new Identifier().setSystem(Tokens.AGB).setValue(agb));
        gp.addName().setFamily("Nieuw").addGiven("Huisarts");
        String id = node1.create(gp, admin).getIdElement().getIdPart();
        for (int attempt = 0; attempt < 20; attempt++) {
            assertEquals(200, node2.get("/fhir/Patient?_count=1", newGp).statusCode());
            if (!node1.searchAll("/AuditEvent?agent=Practitioner/" + id, admin).isEmpty()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("node 2 still does not know the practitioner node 1 added");
    }

    /** The resources a transaction's answer names, in entry order. */
    private static List<String> madeBy(HttpResponse<String> answer) {
        return ReferralClient.FHIR.newJsonParser().parseResource(Bundle.class, answer.body()).getEntry().stream()
                .map(Bundle.BundleEntryComponent::getFullUrl)
                .toList();
    }

    private static long storedOf(Map<String, List<String>> stored, String bundlePrefix) {
        return stored.keySet().stream()
                .filter(value -> value.startsWith(bundlePrefix + "-"))
                .count();
    }

    private String node(int node) {
        return "http://127.0.0.1:" + (balancerPort + node);
    }

    private String token(String role, String practitionerAgb, String organizationUra) {
        Map<String, Object> claims = Tokens.claims(role, practitionerAgb, organizationUra);
        claims.put("iss", issuer);
        return Tokens.signed(claims);
    }

    /** The node that says it delivers the notifications; the other waits for their cluster lock. */
    private int deliveringNode() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (int node = 1; node <= 2; node++) {
                if (Files.readString(clusterDir.resolve("node-" + node + ".log"))
                        .contains("This node does the background work 'notifications'")) {
                    return node;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no node took up delivering the notifications");
    }

    private static void awaitReady(ReferralClient node, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (node.get("/health/ready", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the port opens once the application is deployed
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the node did not become ready within " + within);
    }

    /** Runs one of the cluster's scripts as a user would, with this test's ports and database. */
    private int script(Duration within, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Files.createDirectories(clusterDir)
                        .resolve("scripts.log")
                        .toFile()));
        Map<String, String> environment = builder.environment();
        environment.put("HARTKETEN_CLUSTER_DIR", clusterDir.toString());
        environment.put("BALANCER_PORT", String.valueOf(balancerPort));
        environment.put("NODE_PORT_BASE", String.valueOf(balancerPort));
        environment.put("DATA_GRID_PORT_BASE", String.valueOf(balancerPort - 1500));
        environment.put("HARTKETEN_DB_NAME", DATABASE);
        environment.put("HARTKETEN_DEMO_DATA", "false");
        List.of(
                        "HARTKETEN_DB_URL",
                        "HARTKETEN_DB_DRIVER",
                        "HARTKETEN_GENERATOR_ENABLED",
                        "MP_JWT_VERIFY_ISSUER",
                        "MP_JWT_VERIFY_PUBLICKEY_LOCATION")
                .forEach(environment::remove);
        Process process = builder.start();
        if (!process.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + within);
        }
        return process.exitValue();
    }

    private static boolean onPath(String program) {
        try {
            return new ProcessBuilder(program, "-v")
                            .redirectErrorStream(true)
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
