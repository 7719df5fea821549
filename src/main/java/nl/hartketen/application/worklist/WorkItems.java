package nl.hartketen.application.worklist;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.waiting.Wait;

/** The open requests on the worklists, kept with every change of a request and read a list at a time. */
public interface WorkItems {

    /** The request changed (or is new): its item follows it, or goes when it is on no list ({@code item} empty). */
    void keep(String requestId, Optional<WorkItem> item);

    /**
     * The items of requests {@code organization} performs in {@code turn} and {@code category}: of each priority (and
     * of those without one) the first {@code limit}, oldest sent first; so the first {@code limit} of any order that
     * puts, within a priority, the older first are among them.
     */
    List<Listed> performedBy(String organization, Turn turn, RequestCategory category, int limit);

    /** The first {@code limit} items of requests {@code organization} sent in {@code turn}, oldest sent first. */
    List<Listed> sentBy(String organization, Turn turn, int limit);

    /** An item with the wait of its request in its category's measure, if it has one. */
    record Listed(WorkItem item, Optional<Waited> waited) {}

    /** A request's wait as the waiting-time report keeps it (docs/waiting-times.md). */
    record Waited(Wait.State state, LocalDate start, int pausedDays, LocalDate pausedSince, Integer waitDays) {}
}
