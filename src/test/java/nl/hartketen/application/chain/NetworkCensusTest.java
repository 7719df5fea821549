package nl.hartketen.application.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.hartketen.domain.chain.CareLevel;
import nl.hartketen.domain.chain.Network;
import nl.hartketen.domain.chain.NetworkMember;
import org.junit.jupiter.api.Test;

class NetworkCensusTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Network NETWORK = new Network(
            "Organization/net",
            "Net",
            List.of(
                    new NetworkMember("Organization/a", "A", CareLevel.REGIONAL_HOSPITAL, List.of(), Set.of()),
                    new NetworkMember("Organization/b", "B", CareLevel.HEART_CENTRE, List.of(), Set.of())));

    private static final Instant LATE_IF_ASKED_BEFORE = Instant.parse("2026-11-18T23:00:00Z");

    /** The stored facts, as the database would give them. */
    private static final Census STORED = new Census() {
        @Override
        public List<Count> patientsNow(Collection<String> organizations) {
            return List.of(
                    new Count("Organization/a", "chest-pain", "seen", 2),
                    new Count("Organization/a", "chest-pain", "requested", 1),
                    new Count("Organization/a", null, "seen", 1),
                    new Count("Organization/b", "coronary-cabg", "treated", 4));
        }

        @Override
        public List<OpenLoop> openLoops(Collection<String> organizations, Instant sentBefore, int limit) {
            assertEquals(Instant.parse("2026-10-25T12:00:00Z"), sentBefore, "28 days before now");
            return List.of(new OpenLoop(
                            "ServiceRequest/1",
                            "Organization/a",
                            "chest-pain",
                            Instant.parse("2026-10-01T08:00:00Z"),
                            "seen"))
                    .subList(0, Math.min(limit, 1));
        }

        @Override
        public Map<String, Integer> openLoopCounts(Collection<String> organizations, Instant sentBefore) {
            return Map.of("Organization/a", 3);
        }

        @Override
        public Map<String, Integer> unansweredConsults(Collection<String> organizations, Instant askedBefore) {
            assertEquals(LATE_IF_ASKED_BEFORE, askedBefore);
            return Map.of("Organization/b", 2);
        }
    };

    @Test
    void countsPatientsPerOrganizationCarePathAndStepAndListsTheOldestOpenLoops() {
        NetworkCensus census = NetworkCensus.of(NETWORK, STORED, NOW, 28, 100, LATE_IF_ASKED_BEFORE);

        NetworkCensus.Place a = census.organizations().get(0);
        assertEquals(4, a.patientsNow());
        assertEquals(3, a.openLoops());
        assertEquals(
                List.of("chest-pain", NetworkCensus.NO_CARE_PATH),
                a.carePaths().stream()
                        .map(NetworkCensus.CarePathCount::carePath)
                        .toList());
        assertEquals(Map.of("seen", 2, "requested", 1), a.carePaths().get(0).steps());
        NetworkCensus.Place b = census.organizations().get(1);
        assertEquals(2, b.consultsPastTarget());
        assertEquals(0, a.consultsPastTarget());
        assertEquals("heart-centre", b.level());
        assertEquals(4, b.patientsNow());
        assertEquals(0, b.openLoops());
        assertEquals(3, census.openLoopsTotal());
        assertEquals(52, census.openLoops().get(0).daysOpen(), "1 October to 22 November");
        assertEquals(
                List.of(),
                NetworkCensus.of(NETWORK, STORED, NOW, 28, 0, LATE_IF_ASKED_BEFORE)
                        .openLoops());
    }
}
