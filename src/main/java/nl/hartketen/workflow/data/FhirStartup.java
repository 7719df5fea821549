package nl.hartketen.workflow.data;

import jakarta.annotation.Priority;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import nl.hartketen.application.ClusterLocks;
import nl.hartketen.application.ReferralService;
import nl.hartketen.domain.patient.Bsn;
import nl.hartketen.workflow.chain.NetworkDirectory;
import nl.hartketen.workflow.mapping.ServiceRequestMapping;
import nl.hartketen.workflow.mapping.TaskMapping;
import nl.hartketen.workflow.types.StoredTypes;
import nl.hartketen.workflow.validation.ProfileValidator;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * Work done once per start, in the background so that the server answers at once: loading the validator's
 * definitions (many seconds), the shipped care paths and networks, and, when enabled, the demo data. Readiness
 * reports DOWN until it is done.
 */
@ApplicationScoped
public class FhirStartup {

    private static final Logger LOG = Logger.getLogger(FhirStartup.class.getName());

    @Inject
    ProfileValidator validator;

    @Inject
    ChainData chainData;

    @Inject
    DemoData demoData;

    @Inject
    ReferralService referrals;

    @Inject
    RegionGenerator generator;

    @Inject
    NetworkDirectory directory;

    @Inject
    StoredTypes types;

    @Inject
    ClusterLocks locks;

    /** The lock the start-up data work runs under (shipped and demo data, catching up the read models). */
    static final String STARTUP_DATA = "startup-data";

    /**
     * With the demo data: patient journeys per network over the past {@code generatedDays}, so the reports have data;
     * two years, so that the annual figures have a year before to compare with.
     */
    @Inject
    @ConfigProperty(name = "hartketen.demo.generated-journeys", defaultValue = "800")
    int generatedJourneys;

    @Inject
    @ConfigProperty(name = "hartketen.demo.generated-days", defaultValue = "730")
    int generatedDays;

    @Inject
    @ConfigProperty(name = "hartketen.demo-data", defaultValue = "false")
    boolean demoDataEnabled;

    @jakarta.annotation.Resource
    ManagedExecutorService executor;

    private static final int WARM_UP_ATTEMPTS = 5;
    private static final int WAIT_BATCH = 500;

    private volatile boolean ready;

    void onStart(
            @Observes @Priority(Interceptor.Priority.APPLICATION) @Initialized(ApplicationScoped.class) Object event) {
        nameTheJsonProvider();
        executor.submit(() -> {
            try {
                warmUpValidator();
                // One node at a time: a node that starts beside another waits here, then finds the work done; if that
                // node dies halfway, this one goes on from what it stored.
                try (ClusterLocks.Held loading = locks.hold(STARTUP_DATA)) {
                    chainData.loadMissing();
                    if (demoDataEnabled) {
                        demoData.loadOnce();
                    }
                    keepMissingWaits();
                    keepMissingCounts();
                }
                ready = true;
                if (demoDataEnabled && generatedJourneys > 0) {
                    // After ready: the reports fill while the server already answers.
                    directory
                            .networks()
                            .forEach(network -> generator.generate(
                                    network.organization(), generatedJourneys, generatedDays, 20261122L));
                }
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Startup work failed: the server will not report ready", e);
            }
        });
    }

    /**
     * Tried a few times, a little later each time: the warm-up starts while the application is still being deployed,
     * and loading classes then has been seen to fail with "zip file closed" twice in a row (the web class loader
     * closes and reopens its jars as the deployment completes).
     */
    private void warmUpValidator() {
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= WARM_UP_ATTEMPTS; attempt++) {
            try {
                validator.warmUp(samples(), resource -> types.of(resource).profile());
                return;
            } catch (RuntimeException e) {
                failure = e;
                LOG.log(
                        Level.WARNING,
                        "Validator warm-up failed (attempt " + attempt + " of " + WARM_UP_ATTEMPTS + ")",
                        e);
                pause(Duration.ofSeconds(2L * attempt));
            }
        }
        validator.giveUp(failure);
        throw failure;
    }

    /**
     * Without jakarta.json.provider, every JsonProvider.provider() call scans the class path with a ServiceLoader; the
     * token check of each request makes three such calls (JFR: 8% of a read's CPU, and threads queueing on the class
     * loader's jar lock). Naming the server's own provider, Parsson, skips the scan. Left alone if set or absent.
     */
    private static void nameTheJsonProvider() {
        String parsson = "org.eclipse.parsson.JsonProviderImpl";
        if (System.getProperty("jakarta.json.provider") != null) {
            return;
        }
        try {
            Class.forName(parsson, false, FhirStartup.class.getClassLoader());
            System.setProperty("jakarta.json.provider", parsson);
        } catch (ClassNotFoundException absent) {
            LOG.fine("Parsson is not on the class path: JSON-P keeps looking its provider up");
        }
    }

    /** Requests stored before the waiting-time reports existed get their wait, a batch per transaction. */
    private void keepMissingWaits() {
        int kept = 0;
        int batch;
        do {
            batch = referrals.keepMissingWaits(WAIT_BATCH);
            kept += batch;
        } while (batch == WAIT_BATCH);
        if (kept > 0) {
            LOG.info("Kept the waits of " + kept + " requests stored before the waiting-time reports");
        }
    }

    /** Requests stored before the census counts existed are counted, a batch per transaction. */
    private void keepMissingCounts() {
        int kept = 0;
        int batch;
        do {
            batch = referrals.keepMissingCounts(WAIT_BATCH);
            kept += batch;
        } while (batch == WAIT_BATCH);
        if (kept > 0) {
            LOG.info("Counted " + kept + " requests stored before the census counts");
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to warm the validator up again", e);
        }
    }

    public boolean isReady() {
        return ready;
    }

    /** One small valid resource of each profiled type: validating them loads every definition the validator needs. */
    private static List<Resource> samples() {
        Patient patient = new Patient();
        patient.addIdentifier(new Identifier().setSystem(Bsn.SYSTEM).setValue("999990007"));
        patient.addName().setFamily("Warm").addGiven("Up");
        ServiceRequest request = new ServiceRequest();
        request.addIdentifier(new Identifier().setSystem("urn:warm-up").setValue("1"));
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.addCategory(new CodeableConcept(new Coding(ServiceRequestMapping.CATEGORY_SYSTEM, "referral", null)));
        request.setCode(new CodeableConcept(new Coding(ServiceRequestMapping.SNOMED, "183519002", null)));
        request.setSubject(new Reference("Patient/warm-up")).setRequester(new Reference("Practitioner/warm-up"));
        request.addPerformer(new Reference("Organization/warm-up"));
        request.setAuthoredOn(new java.util.Date());
        Task task = TaskMapping.newTaskFor(request, "ServiceRequest/warm-up", new java.util.Date());
        return List.of(patient, request, task);
    }
}
