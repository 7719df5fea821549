package nl.hartketen.application.chain;

import java.time.Instant;
import nl.hartketen.domain.referral.Referral;

/**
 * The counts that the census and the access times read ({@link CensusEntry}), kept with every change of a request on
 * the transaction of the change, instead of counted over the referrals at each read.
 */
public interface ReferralCounts {

    /** The request changed (or is new): its counts follow it. {@code now} dates the change, for {@link #fold}. */
    void keep(Referral request, Instant now);

    /**
     * Counts up to {@code limit} requests whose counts are not kept yet (stored before the counts existed).
     *
     * @return how many; 0 when none is left
     */
    int keepMissing(int limit, Instant now);

    /**
     * Sums the changes written before {@code before} into one per count. {@code before} must be older than any
     * transaction still open, so that every change it folds is committed.
     */
    void fold(Instant before);
}
