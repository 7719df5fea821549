package nl.hartketen.application;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import nl.hartketen.application.audit.AuditLog;

/** Runs several use cases as one: all of them take effect, or none (FHIR transaction Bundles). */
@ApplicationScoped
public class UnitOfWork {

    private AuditLog audit;

    protected UnitOfWork() {
        // for CDI
    }

    @Inject
    public UnitOfWork(AuditLog audit) {
        this.audit = audit;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T run(Supplier<T> work) {
        return audit.linkingAtTheEnd(work);
    }
}
