package nl.hartketen.domain.referral;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import nl.hartketen.domain.shared.Actor;
import nl.hartketen.domain.shared.Role;

/** One thing that happened to a referral, when and by whom. Never changed once written. */
@Entity
@Table(name = "referral_event")
public class ReferralEvent {

    @Id
    private String id;

    /** Position in the referral's history: 1 for its first event. */
    @Column(nullable = false)
    private int sequence;

    @ManyToOne
    @JoinColumn(name = "referral_id", nullable = false)
    private Referral referral;

    @Enumerated(EnumType.STRING)
    @Column(name = "event_type", nullable = false)
    private ReferralEventType type;

    @Column(name = "from_status")
    private String fromStatus;

    @Column(name = "to_status")
    private String toStatus;

    private String reason;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(name = "actor_practitioner")
    private String actorPractitioner;

    @Column(name = "actor_organization")
    private String actorOrganization;

    @Enumerated(EnumType.STRING)
    @Column(name = "actor_role", nullable = false)
    private Role actorRole;

    protected ReferralEvent() {
        // for JPA
    }

    static ReferralEvent of(
            Referral referral,
            int sequence,
            ReferralEventType type,
            String from,
            String to,
            String reason,
            Actor actor,
            Instant at) {
        ReferralEvent event = new ReferralEvent();
        event.id = UUID.randomUUID().toString();
        event.sequence = sequence;
        event.referral = referral;
        event.type = type;
        event.fromStatus = from;
        event.toStatus = to;
        event.reason = reason;
        event.occurredAt = at;
        event.actorPractitioner = actor.practitioner();
        event.actorOrganization = actor.organization();
        event.actorRole = actor.role();
        return event;
    }

    public int sequence() {
        return sequence;
    }

    public ReferralEventType type() {
        return type;
    }

    public String fromStatus() {
        return fromStatus;
    }

    public String toStatus() {
        return toStatus;
    }

    public String reason() {
        return reason;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public Actor actor() {
        return new Actor(actorPractitioner, actorOrganization, actorRole);
    }
}
