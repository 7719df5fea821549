package nl.hartketen.application.chain;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import nl.hartketen.domain.chain.AccessTime;

/** The current access times of performers, from the referrals stored (a read model over the referral workflow). */
public interface AccessTimes {

    /**
     * Per performer ("Organization/id"): the waits of referrals first seen since {@code since}, and the referrals
     * still waiting for a first visit. Performers without any have an empty {@link AccessTime}.
     */
    Map<String, AccessTime> of(Collection<String> performers, Instant since);
}
