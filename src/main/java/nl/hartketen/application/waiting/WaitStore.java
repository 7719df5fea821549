package nl.hartketen.application.waiting;

import java.util.List;
import nl.hartketen.domain.waiting.Wait;

/** Where the waits of the reports are kept: one per request with a measure, replaced with every change of it. */
public interface WaitStore {

    void save(Wait wait);

    /** Requests with a measure whose wait is not kept yet (stored before the reports existed), at most {@code limit}. */
    List<String> requestsWithoutWait(int limit);
}
