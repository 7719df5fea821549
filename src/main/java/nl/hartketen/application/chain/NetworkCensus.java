package nl.hartketen.application.chain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.hartketen.domain.chain.Network;
import nl.hartketen.domain.chain.NetworkMember;
import nl.hartketen.domain.shared.DutchTime;

/**
 * The census of a network: per member organization and care path, how many patients are there now and at which step,
 * the open loops, referrals without an outcome after {@code openLoopDays}: all counted, the oldest listed; and the
 * meekijkconsulten each has left unanswered past their response target.
 */
public record NetworkCensus(
        String network,
        String name,
        Instant at,
        int openLoopDays,
        List<Place> organizations,
        int openLoopsTotal,
        List<Loop> openLoops) {

    /** {@code steps}: patients per step, e.g. seen → 3. */
    public record CarePathCount(String carePath, int patients, Map<String, Integer> steps) {}

    /** {@code consultsPastTarget}: meekijkconsulten asked of this organization, unanswered past their response target. */
    public record Place(
            String organization,
            String name,
            String level,
            int patientsNow,
            int openLoops,
            int consultsPastTarget,
            List<CarePathCount> carePaths) {}

    public record Loop(
            String referral, String organization, String carePath, Instant authoredOn, int daysOpen, String step) {}

    /** No care path matched the referral's reasons. */
    public static final String NO_CARE_PATH = "none";

    /**
     * @param openLoopsListed  how many open loops to list, oldest first (all are counted)
     * @param consultsLateIfAskedBefore consults asked before this moment and not answered are past their target
     */
    public static NetworkCensus of(
            Network network,
            Census census,
            Instant now,
            int openLoopDays,
            int openLoopsListed,
            Instant consultsLateIfAskedBefore) {
        List<String> members =
                network.members().stream().map(NetworkMember::organization).toList();
        Map<String, Map<String, Map<String, Integer>>> counts = new LinkedHashMap<>();
        for (Census.Count count : census.patientsNow(members)) {
            counts.computeIfAbsent(count.organization(), ignored -> new TreeMap<>())
                    .computeIfAbsent(
                            count.carePath() == null ? NO_CARE_PATH : count.carePath(), ignored -> new TreeMap<>())
                    .merge(count.step(), count.patients(), Integer::sum);
        }
        Instant cutOff = now.minus(Duration.ofDays(openLoopDays));
        Map<String, Integer> openCounts = census.openLoopCounts(members, cutOff);
        Map<String, Integer> lateConsults = census.unansweredConsults(members, consultsLateIfAskedBefore);
        List<Loop> loops = census.openLoops(members, cutOff, openLoopsListed).stream()
                .map(loop -> new Loop(
                        loop.referral(),
                        loop.organization(),
                        loop.carePath() == null ? NO_CARE_PATH : loop.carePath(),
                        loop.authoredOn(),
                        DutchTime.daysBetween(loop.authoredOn(), now),
                        loop.step()))
                .toList();
        List<Place> places = new ArrayList<>();
        for (NetworkMember member : network.members()) {
            List<CarePathCount> carePaths = new ArrayList<>();
            counts.getOrDefault(member.organization(), Map.of())
                    .forEach((carePath, steps) -> carePaths.add(new CarePathCount(
                            carePath,
                            steps.values().stream().mapToInt(Integer::intValue).sum(),
                            steps)));
            places.add(new Place(
                    member.organization(),
                    member.name(),
                    member.role().code(),
                    carePaths.stream().mapToInt(CarePathCount::patients).sum(),
                    openCounts.getOrDefault(member.organization(), 0),
                    lateConsults.getOrDefault(member.organization(), 0),
                    carePaths));
        }
        return new NetworkCensus(
                network.organization(),
                network.name(),
                now,
                openLoopDays,
                places,
                openCounts.values().stream().mapToInt(Integer::intValue).sum(),
                loops);
    }
}
