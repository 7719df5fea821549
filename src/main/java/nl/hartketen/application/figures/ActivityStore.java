package nl.hartketen.application.figures;

import nl.hartketen.domain.figures.Activity;

/** The counted acts of care (table care_activity), kept in the transaction of the write they follow (ADR 0007). */
public interface ActivityStore {

    /** Counts {@code activity}, in place of what its source counted before. */
    void keep(Activity activity);

    /** Its source counts no more (an appointment no longer fulfilled). */
    void forget(String source);
}
