package nl.hartketen.domain.referral;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.domain.shared.StateConflict;

/** The performer's work on a referral (FHIR Task). Changed only through its {@link Referral}. */
@Entity
@Table(name = "referral_task")
public class ReferralTask {

    @Id
    private String id;

    @OneToOne
    @JoinColumn(name = "referral_id", nullable = false, unique = true)
    private Referral referral;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private TaskStatus status;

    /** The status the task had before it was put on hold: where it resumes. */
    @Enumerated(EnumType.STRING)
    @Column(name = "status_before_hold")
    private TaskStatus statusBeforeHold;

    @Column(name = "business_status")
    private String businessStatus;

    @Column(name = "owner_ref", nullable = false)
    private String owner;

    @Column(name = "status_reason")
    private String statusReason;

    protected ReferralTask() {
        // for JPA
    }

    ReferralTask(String id, Referral referral, TaskStatus status, String owner, String businessStatus) {
        this.id = id;
        this.referral = referral;
        this.status = status;
        this.owner = owner;
        this.businessStatus = businessStatus;
    }

    void moveTo(TaskStatus target, String reason) {
        if (!allows(target)) {
            throw new StateConflict(
                    "Task status cannot move from " + status.code() + " to " + target.code() + ": " + explainRefusal());
        }
        if (target == TaskStatus.REJECTED && (reason == null || reason.isBlank())) {
            throw new RuleViolation(
                    "Task.statusReason", "a rejected referral needs a statusReason telling the sender why");
        }
        statusBeforeHold = target == TaskStatus.ON_HOLD ? status : null;
        status = target;
        statusReason = reason;
    }

    private boolean allows(TaskStatus target) {
        if (status == TaskStatus.ON_HOLD && target == statusBeforeHold) {
            return true;
        }
        return target == TaskStatus.ENTERED_IN_ERROR
                ? status != TaskStatus.ENTERED_IN_ERROR
                : status.successors().contains(target);
    }

    private String explainRefusal() {
        if (status.isFinal()) {
            return status.code() + " is final";
        }
        String allowed = String.join(
                ", ", status.successors().stream().map(TaskStatus::code).toList());
        if (status == TaskStatus.ON_HOLD && statusBeforeHold != null) {
            allowed = statusBeforeHold.code() + " (resume), " + allowed;
        }
        return "from " + status.code() + " it may move to " + allowed;
    }

    void setBusinessStatus(String businessStatus) {
        this.businessStatus = businessStatus;
    }

    public String id() {
        return id;
    }

    public TaskStatus status() {
        return status;
    }

    public String businessStatus() {
        return businessStatus;
    }

    public String owner() {
        return owner;
    }

    public String statusReason() {
        return statusReason;
    }
}
