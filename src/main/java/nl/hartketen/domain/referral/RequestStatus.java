package nl.hartketen.domain.referral;

import java.util.EnumSet;
import java.util.Set;

/** The state of the request as its sender sees it (FHIR RequestStatus). */
public enum RequestStatus {
    DRAFT,
    ACTIVE,
    ON_HOLD,
    REVOKED,
    COMPLETED,
    ENTERED_IN_ERROR,
    UNKNOWN;

    private static final Set<RequestStatus> FINAL = EnumSet.of(REVOKED, COMPLETED, ENTERED_IN_ERROR);

    public boolean isFinal() {
        return FINAL.contains(this);
    }

    /** Sender-side moves: a final request stays final, except that anything can be marked entered-in-error. */
    public boolean canMoveTo(RequestStatus target) {
        if (target == this) {
            return true;
        }
        if (target == ENTERED_IN_ERROR) {
            return this != ENTERED_IN_ERROR;
        }
        if (isFinal()) {
            return false;
        }
        return target != DRAFT;
    }

    /** The FHIR code, e.g. "in-progress". */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
