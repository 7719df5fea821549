package nl.hartketen.workflow.chain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import nl.hartketen.application.ReferralService;
import nl.hartketen.application.figures.ActivityStore;
import nl.hartketen.domain.figures.Activity;
import nl.hartketen.domain.figures.ActivityKind;
import nl.hartketen.domain.figures.ContactKind;
import nl.hartketen.domain.referral.Referral;
import nl.hartketen.domain.shared.DutchTime;

/**
 * Keeps the counted acts of care (docs/figures.md) as the writes they follow are stored: a fulfilled Appointment is a
 * contact of its kind at the hospital that holds it; a performed procedure request is a procedure or a diagnostic at
 * its performer; a reported telediagnostics request is a diagnostic at the hospital that reported it.
 */
@ApplicationScoped
public class CareActivities {

    private ActivityStore store;
    private ReferralService referrals;

    protected CareActivities() {
        // for CDI
    }

    @Inject
    public CareActivities(ActivityStore store, ReferralService referrals) {
        this.store = store;
        this.referrals = referrals;
    }

    /** A fulfilled appointment counts as one contact; one in any other status counts no more. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appointment(String reference, boolean fulfilled, Instant start, ContactKind kind, String referralId) {
        Optional<String> hospital = referrals.find(referralId).map(Referral::performer);
        if (fulfilled && hospital.isPresent()) {
            store.keep(new Activity(
                    reference, hospital.get(), DutchTime.dateOf(start), ActivityKind.CONTACT, kind.code(), false));
        } else {
            store.forget(reference);
        }
    }

    /**
     * The procedure request was performed (its earliest treatment counts). Referred: the referral it treats was sent
     * on by another hospital (an escalation), not a referral that starts a chain (the hospital's own patient).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void treated(String procedureRequestId, Optional<String> treatedReferralId) {
        boolean referred = treatedReferralId
                .flatMap(referrals::find)
                .map(referral -> !referral.startsChain())
                .orElse(false);
        referrals
                .find(procedureRequestId)
                .ifPresent(request -> performed(
                        request,
                        request.treatedAt(),
                        ActivityKind.ofService(String.valueOf(request.service())),
                        referred));
    }

    /** The telediagnostics request was reported (its earliest report counts). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reported(String requestId) {
        referrals
                .find(requestId)
                .ifPresent(request -> performed(request, request.reportedAt(), ActivityKind.DIAGNOSTIC, false));
    }

    private void performed(Referral request, Optional<Instant> at, ActivityKind kind, boolean referred) {
        if (at.isEmpty() || request.performer() == null || request.service() == null) {
            return;
        }
        store.keep(new Activity(
                "ServiceRequest/" + request.id(),
                request.performer(),
                DutchTime.dateOf(at.get()),
                kind,
                request.service(),
                referred));
    }
}
