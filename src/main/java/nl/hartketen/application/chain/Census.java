package nl.hartketen.application.chain;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Counts of where patients are now and which referrals are still open, from the episode and referral tables. */
public interface Census {

    /**
     * Patients whose episode is active at {@code organization}, on {@code carePath} (null: none matched), at a step:
     * the business status of the Task of the request that brought them there, else its status code.
     */
    record Count(String organization, String carePath, String step, int patients) {}

    /** A referral sent before the cut-off with no outcome yet: not completed (back-referral, discharge), rejected or cancelled. */
    record OpenLoop(String referral, String organization, String carePath, Instant authoredOn, String step) {}

    List<Count> patientsNow(Collection<String> organizations);

    /** The oldest {@code limit} open loops at these organizations. */
    List<OpenLoop> openLoops(Collection<String> organizations, Instant sentBefore, int limit);

    /** How many open loops each organization has (organizations without any are left out). */
    Map<String, Integer> openLoopCounts(Collection<String> organizations, Instant sentBefore);

    /** How many meekijkconsulten each organization was asked before {@code askedBefore} and has not answered yet. */
    Map<String, Integer> unansweredConsults(Collection<String> organizations, Instant askedBefore);
}
