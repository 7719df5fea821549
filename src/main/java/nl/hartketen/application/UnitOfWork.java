package nl.hartketen.application;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Runs several use cases as one: all of them take effect, or none (FHIR transaction Bundles). */
@ApplicationScoped
public class UnitOfWork {

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T run(Supplier<T> work) {
        return work.get();
    }
}
