package nl.hartketen.domain.referral;

import java.util.Optional;
import nl.hartketen.domain.shared.Identifier;

/** Where referrals are kept. */
public interface ReferralRepository {

    Optional<Referral> find(String id);

    /** The referral, locked for change until the transaction ends: concurrent changes of one referral queue up. */
    Optional<Referral> findForChange(String id);

    /** The referral a task belongs to, locked for change as {@link #findForChange}. */
    Optional<Referral> findByTaskForChange(String taskId);

    Optional<Referral> findByIdentifier(Identifier identifier);

    /**
     * Stores a new referral now, so that a clash with an existing business identifier surfaces here.
     *
     * @throws DuplicateReferral when one of its identifiers is already in use
     */
    void add(Referral referral);
}
