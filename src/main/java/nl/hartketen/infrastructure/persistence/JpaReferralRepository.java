package nl.hartketen.infrastructure.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.util.Optional;
import nl.hartketen.domain.referral.DuplicateReferral;
import nl.hartketen.domain.referral.Referral;
import nl.hartketen.domain.referral.ReferralRepository;
import nl.hartketen.domain.shared.Identifier;

@ApplicationScoped
public class JpaReferralRepository implements ReferralRepository {

    @PersistenceContext(unitName = "hartketen")
    private EntityManager em;

    public JpaReferralRepository() {
        // for CDI
    }

    JpaReferralRepository(EntityManager em) {
        this.em = em;
    }

    @Override
    public Optional<Referral> find(String id) {
        return Optional.ofNullable(em.find(Referral.class, id));
    }

    @Override
    public Optional<Referral> findForChange(String id) {
        return Optional.ofNullable(em.find(Referral.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public Optional<Referral> findByTaskForChange(String taskId) {
        return em.createQuery("SELECT t.referral.id FROM ReferralTask t WHERE t.id = :id", String.class)
                .setParameter("id", taskId)
                .getResultStream()
                .findFirst()
                .flatMap(this::findForChange);
    }

    @Override
    public Optional<Referral> findByIdentifier(Identifier identifier) {
        return em.createQuery(
                        "SELECT r FROM Referral r JOIN r.identifiers i WHERE i.system = :system AND i.value = :value",
                        Referral.class)
                .setParameter("system", identifier.system())
                .setParameter("value", identifier.value())
                .getResultStream()
                .findFirst();
    }

    @Override
    public void add(Referral referral) {
        em.persist(referral);
        try {
            em.flush();
        } catch (PersistenceException e) {
            if (Databases.isUniqueViolation(e)) {
                throw new DuplicateReferral(referral.identifiers());
            }
            throw e;
        }
    }
}
