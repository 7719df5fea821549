package nl.hartketen.domain.chain;

import static nl.hartketen.domain.referral.TaskStatus.ACCEPTED;
import static nl.hartketen.domain.referral.TaskStatus.COMPLETED;
import static nl.hartketen.domain.referral.TaskStatus.IN_PROGRESS;
import static nl.hartketen.domain.referral.TaskStatus.RECEIVED;

import java.util.List;
import nl.hartketen.domain.referral.TaskStatus;
import nl.hartketen.domain.referral.TaskStep;

/**
 * Where a request stands along the care chain, shown as its Task's business status and set by the server from what
 * happens (an Appointment, a procedure, a referral on, a back-referral, a report): the client never sets it by hand.
 */
public enum ChainStep implements TaskStep {
    /** An appointment for the referral is proposed or booked. */
    APPOINTMENT_SCHEDULED("appointment-scheduled", "Appointment scheduled", List.of(ACCEPTED)),
    /** The patient came (the appointment is arrived, checked in or fulfilled). */
    SEEN("seen", "Seen", List.of(ACCEPTED, IN_PROGRESS)),
    /** The patient did not come; the referral's work stays where it was. */
    NO_SHOW("no-show", "No-show", List.of()),
    /** The appointment is cancelled; the referral's work stays where it was. */
    APPOINTMENT_CANCELLED("appointment-cancelled", "Appointment cancelled", List.of()),
    /** A procedure request (the decision to treat) is based on the referral. */
    TREATMENT_PLANNED("treatment-planned", "Treatment planned", List.of(ACCEPTED, IN_PROGRESS)),
    /** The procedure a procedure request asked for is performed: that request is done. */
    TREATED("treated", "Treated", List.of(ACCEPTED, IN_PROGRESS, COMPLETED)),
    /**
     * The referral a treated procedure request is based on shows the treatment too, but stays open: its outcome is
     * the back-referral.
     */
    REFERRAL_TREATED("treated", "Treated", List.of()),
    /** The patient is referred on to a heart centre; the referral stays open until the patient is back. */
    ESCALATED("escalated", "Escalated", List.of()),
    /** The patient is referred back: the referral is done. */
    REFERRED_BACK("referred-back", "Referred back", List.of(ACCEPTED, IN_PROGRESS, COMPLETED)),
    /** Telemonitoring: the enrolment is stored and the platform's measurements are watched. */
    MONITORING("monitoring", "Monitoring", List.of(ACCEPTED, IN_PROGRESS)),
    /** Telemonitoring ended (period over, stable values, a decision, a back-referral): the enrolment is done. */
    MONITORING_ENDED("monitoring-ended", "Monitoring ended", List.of(ACCEPTED, IN_PROGRESS, COMPLETED)),
    /** Telediagnostics: the hospital's report is final (or amended, corrected): the request is done. */
    REPORTED("reported", "Reported", List.of(RECEIVED, ACCEPTED, IN_PROGRESS, COMPLETED));

    private final String code;
    private final String display;
    private final List<TaskStatus> path;

    ChainStep(String code, String display, List<TaskStatus> path) {
        this.code = code;
        this.display = display;
        this.path = path;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String display() {
        return display;
    }

    @Override
    public List<TaskStatus> path() {
        return path;
    }
}
