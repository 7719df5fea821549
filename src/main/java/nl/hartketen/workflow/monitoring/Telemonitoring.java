package nl.hartketen.workflow.monitoring;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.hartketen.application.access.AccessControl;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.access.Relation;
import nl.hartketen.application.monitoring.Enrolment;
import nl.hartketen.application.monitoring.MonitoringStore;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.application.storage.StoredResource;
import nl.hartketen.domain.chain.ChainStep;
import nl.hartketen.domain.monitoring.AlertHandling;
import nl.hartketen.domain.monitoring.Measurement;
import nl.hartketen.domain.monitoring.MonitoringEnd;
import nl.hartketen.domain.monitoring.MonitoringPlan;
import nl.hartketen.domain.monitoring.ThresholdRule;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.shared.Identifier;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.workflow.chain.Episodes;
import nl.hartketen.workflow.chain.TaskSteps;
import nl.hartketen.workflow.mapping.ServiceRequestMapping;
import nl.hartketen.workflow.mapping.TaskMapping;
import nl.hartketen.workflow.resource.Organizations;
import nl.hartketen.workflow.resource.ResourceCodec;
import nl.hartketen.workflow.search.References;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * Telemonitoring (thuismonitoring) as a step of a care path: the enrolment (a ServiceRequest of category
 * telemonitoring, based on the referral the team's hospital received), the platform's measurements (Observations)
 * judged against the care path's thresholds, the alerts they raise (Tasks for the team) and the end, after which the
 * team refers the patient back as for any referral. See docs/telemonitoring.md.
 */
@ApplicationScoped
public class Telemonitoring {

    /** The extension on the enrolment naming the organization whose platform sends the measurements. */
    public static final String PLATFORM_EXTENSION = "https://hartketen.nl/fhir/StructureDefinition/monitoring-platform";
    /** The alert's rule, as its Task's code. */
    public static final String RULE_SYSTEM = "https://hartketen.nl/fhir/CodeSystem/monitoring-rule";
    /** The longest enrolment period taken: longer monitoring is a new enrolment, decided again. */
    static final Duration LONGEST_PERIOD = Duration.ofDays(366);
    /** Active enrolments read per query when judging which end. */
    private static final int PAGE = 500;

    private MonitoringStore store;
    private ResourceService resources;
    private ResourceCodec codec;
    private AccessControl access;
    private Organizations organizations;
    private Episodes episodes;
    private TaskSteps steps;
    private Clock clock;

    protected Telemonitoring() {}

    @Inject
    public Telemonitoring(
            MonitoringStore store,
            ResourceService resources,
            ResourceCodec codec,
            AccessControl access,
            Organizations organizations,
            Episodes episodes,
            TaskSteps steps,
            Clock clock) {
        this.store = store;
        this.resources = resources;
        this.codec = codec;
        this.access = access;
        this.organizations = organizations;
        this.episodes = episodes;
        this.steps = steps;
        this.clock = clock;
    }

    /**
     * An enrolment's own rules, after the chain's (which made sure it is based on a referral its sender received and
     * that the team's organization offers telemonitoring): a platform, a period, and a care path with thresholds.
     */
    public void checkEnrolment(ServiceRequest request) {
        if (ServiceRequestMapping.toDetails(request).category() != RequestCategory.TELEMONITORING) {
            return;
        }
        checkPlatform(request);
        period(request);
        plan(request);
    }

    /**
     * A request is stored: an enrolment starts monitoring; a back-referral ends the monitoring based on the referral
     * it closes.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requestWritten(String reference, ServiceRequest request, Caller caller) {
        RequestCategory category = ServiceRequestMapping.toDetails(request).category();
        if (category == RequestCategory.BACK_REFERRAL) {
            References.firstOf(request.getBasedOn(), "ServiceRequest")
                    .ifPresent(closed -> store.activeBasedOn(closed)
                            .forEach(enrolment -> end(enrolment, MonitoringEnd.REFERRED_BACK, caller)));
            return;
        }
        if (category != RequestCategory.TELEMONITORING) {
            return;
        }
        String id = References.idOf(reference, "ServiceRequest");
        String platform = platformOf(request).orElseThrow();
        String patient = References.relative(request.getSubject()).orElseThrow();
        store.addEnrolment(new Enrolment(
                id,
                patient,
                References.firstOf(request.getBasedOn(), "ServiceRequest").orElseThrow(),
                organizations.of(request.getPerformerFirstRep()).orElseThrow(),
                platform,
                plan(request).carePath(),
                request.getOccurrencePeriod().getStart().toInstant(),
                request.getOccurrencePeriod().getEnd().toInstant(),
                true));
        steps.move(id, ChainStep.MONITORING, caller);
    }

    /**
     * The platform of an enrolment sees the enrolment and the patient, to send measurements, and nothing else of the
     * record. Run after the episode has followed the enrolment, which shares the enrolment's parties at that moment:
     * the platform must not see the episode.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void platformSees(String reference, ServiceRequest request) {
        if (ServiceRequestMapping.toDetails(request).category() == RequestCategory.TELEMONITORING) {
            String platform = platformOf(request).orElseThrow();
            access.involve(reference, Set.of(platform), Relation.INVOLVED);
            access.involve(
                    References.relative(request.getSubject()).orElseThrow(), Set.of(platform), Relation.INVOLVED);
        }
    }

    /** The team completed or revoked the enrolment: monitoring ends by its decision. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requestRevised(String reference, ServiceRequest request, Caller caller) {
        if (ServiceRequestMapping.toDetails(request).category() == RequestCategory.TELEMONITORING
                && (request.getStatus() == ServiceRequest.ServiceRequestStatus.COMPLETED
                        || request.getStatus() == ServiceRequest.ServiceRequestStatus.REVOKED)) {
            end(References.idOf(reference, "ServiceRequest"), MonitoringEnd.DECISION, caller);
        }
    }

    /** Ends the enrolment, if it is still active: its Task is completed with the reason. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean end(String enrolmentId, MonitoringEnd reason, Caller caller) {
        if (!store.end(enrolmentId, clock.instant(), reason)) {
            return false;
        }
        steps.move(
                enrolmentId,
                ChainStep.MONITORING_ENDED,
                caller,
                task -> task.setStatusReason(
                        new CodeableConcept().setText("Telemonitoring ended: " + reason.reason())));
        return true;
    }

    /**
     * What the background check ends now: enrolments past their period, and those stable long enough. All active
     * enrolments are judged, a page at a time.
     */
    public List<EndDue> dueToEnd() {
        Instant now = clock.instant();
        List<EndDue> due = new ArrayList<>();
        List<MonitoringStore.Activity> page = store.active(null, PAGE);
        while (!page.isEmpty()) {
            for (MonitoringStore.Activity activity : page) {
                judge(activity, now).ifPresent(due::add);
            }
            page = page.size() < PAGE
                    ? List.of()
                    : store.active(page.get(page.size() - 1).enrolment().id(), PAGE);
        }
        return due;
    }

    private static Optional<EndDue> judge(MonitoringStore.Activity activity, Instant now) {
        Enrolment enrolment = activity.enrolment();
        if (!enrolment.end().isAfter(now)) {
            return Optional.of(new EndDue(enrolment.id(), MonitoringEnd.PERIOD_ENDED));
        }
        boolean stable = MonitoringPlan.forCarePath(enrolment.carePath())
                .map(plan -> plan.isStable(enrolment.start(), now, activity.lastAlert(), activity.lastMeasured()))
                .orElse(false);
        return stable ? Optional.of(new EndDue(enrolment.id(), MonitoringEnd.STABLE)) : Optional.empty();
    }

    public record EndDue(String enrolmentId, MonitoringEnd reason) {}

    /** A measurement checked and ready to store: its enrolment and what it measured. */
    public record Checked(Enrolment enrolment, Identifier identifier, List<Measurement> measurements) {}

    /**
     * Checks a measurement: its shape ({@link MeasurementShape}), and that it is of a patient enrolled with the
     * caller's platform, within the enrolment's period. Returns the Observation already stored under its identifier
     * instead when it is a resend.
     */
    public Checked checkMeasurement(Observation observation, Caller caller) {
        Identifier identifier = MeasurementShape.identifier(observation);
        Instant now = clock.instant();
        List<Measurement> measurements = MeasurementShape.measurements(observation, now);
        Enrolment enrolment = enrolmentOf(observation, caller);
        Instant at = measurements.get(0).measuredAt();
        if (at.isBefore(enrolment.start()) || at.isAfter(enrolment.end())) {
            throw new RuleViolation(
                    "Observation.effectiveDateTime",
                    "measured at " + at + ", outside the enrolment's period (" + enrolment.start() + " to "
                            + enrolment.end() + ")");
        }
        return new Checked(enrolment, identifier, measurements);
    }

    /** The Observation stored before under the measurement's identifier, if it is a resend. */
    public Optional<String> storedBefore(Checked checked) {
        return store.storedUnder(checked.enrolment().platform(), checked.identifier());
    }

    /**
     * The measurement is stored: it joins the series, its enrolment's parties see it, and each threshold it breaches
     * raises an alert for the team, unless one for that rule is still open.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void measured(String observationId, Checked checked) {
        Enrolment enrolment = checked.enrolment();
        Instant received = clock.instant();
        store.addMeasurements(checked.measurements().stream()
                .map(measurement -> new MonitoringStore.StoredMeasurement(
                        observationId,
                        enrolment.id(),
                        enrolment.platform(),
                        checked.identifier(),
                        measurement,
                        received))
                .toList());
        // The enrolment's team and platform read it (what involveAs would copy from the enrolment, without reading it).
        access.involve(
                "Observation/" + observationId, Set.of(enrolment.team(), enrolment.platform()), Relation.INVOLVED);
        MonitoringPlan plan = MonitoringPlan.forCarePath(enrolment.carePath()).orElseThrow();
        for (Measurement measurement : checked.measurements()) {
            for (ThresholdRule rule : plan.thresholds()) {
                if (rule.sign() != measurement.sign()) {
                    continue;
                }
                // A rule looking back judges against the lowest of its window (a rise is measured from it), read from
                // an
                // index alone: a patient measuring many times a day has dozens of values in three days.
                List<Measurement> earlier = rule.lookBack().isZero()
                        ? List.of()
                        : store.lowest(
                                        enrolment.id(),
                                        rule.sign(),
                                        measurement.measuredAt().minus(rule.lookBack()),
                                        measurement.measuredAt())
                                .map(List::of)
                                .orElse(List.of());
                Optional<String> reason = rule.breachedBy(measurement, earlier);
                if (reason.isPresent() && !store.hasOpenAlert(enrolment.id(), rule.code())) {
                    raise(enrolment, rule, reason.get(), observationId, measurement, received);
                }
            }
        }
    }

    private void raise(
            Enrolment enrolment,
            ThresholdRule rule,
            String reason,
            String observationId,
            Measurement measurement,
            Instant raisedAt) {
        String taskId = ResourceService.newId();
        Date now = Date.from(raisedAt);
        Task alert = new Task();
        alert.setStatus(Task.TaskStatus.REQUESTED);
        alert.setIntent(Task.TaskIntent.ORDER);
        alert.setPriority(Task.TaskPriority.ASAP);
        alert.setCode(new CodeableConcept(new Coding(RULE_SYSTEM, rule.code(), rule.describe())));
        alert.setDescription(reason);
        alert.setFocus(new Reference(enrolment.reference()));
        alert.setFor(new Reference(enrolment.patient()));
        alert.setOwner(new Reference(enrolment.team()));
        alert.setAuthoredOn(now);
        alert.setLastModified(now);
        alert.setReasonCode(new CodeableConcept(new Coding(RULE_SYSTEM, rule.code(), rule.describe())).setText(reason));
        alert.setReasonReference(new Reference("Observation/" + observationId));
        resources.create(codec.encode(alert, taskId));
        access.involve("Task/" + taskId, Set.of(enrolment.team()), Relation.RECEIVER);
        store.addAlert(new MonitoringStore.Alert(
                taskId,
                enrolment.id(),
                enrolment.patient(),
                enrolment.team(),
                rule.code(),
                observationId,
                measurement.measuredAt(),
                raisedAt));
    }

    /** Whether the Task is an alert (which the team works here), not the Task of a request. */
    public boolean isAlert(String taskId) {
        return store.isAlert(taskId);
    }

    /**
     * The team works an alert: it acknowledges it and closes it with what it did ({@link AlertHandling}); what the alert
     * is about (its rule, patient, enrolment, measurement, owner) stays as the server raised it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public StoredResource moveAlert(String taskId, Task moved, Long expectedVersion, Caller caller) {
        Task current = (Task) codec.decode(resources.read("Task", taskId));
        access.requireMayMoveTask(
                caller,
                taskId,
                TaskMapping.toChange(current).status(),
                TaskMapping.toChange(moved).status());
        for (String element : List.of("code", "focus", "for", "owner", "reasonCode", "reasonReference", "authoredOn")) {
            if (!current.getNamedProperty(element)
                            .getValues()
                            .toString()
                            .equals(moved.getNamedProperty(element).getValues().toString())
                    && !sameElement(current, moved, element)) {
                throw new RuleViolation(
                        "Task." + element, "an alert's " + element + " is the server's; it cannot change");
            }
        }
        String action = moved.getBusinessStatus().getCoding().stream()
                .filter(coding -> TaskSteps.BUSINESS_STATUS_SYSTEM.equals(coding.getSystem()))
                .map(Coding::getCode)
                .findFirst()
                .orElse(null);
        AlertHandling.Step step = AlertHandling.move(
                TaskMapping.toChange(current).status(),
                TaskMapping.toChange(moved).status(),
                action);
        moved.setLastModified(Date.from(clock.instant()));
        StoredResource stored = resources.createOrUpdate(codec.encode(moved, taskId), expectedVersion);
        switch (step) {
            case ACKNOWLEDGED -> store.acknowledged(taskId, clock.instant());
            case CLOSED -> store.closed(taskId, clock.instant());
            case NONE -> {
                // nothing the figures count
            }
        }
        return stored;
    }

    private static boolean sameElement(Task current, Task moved, String element) {
        var before = current.getNamedProperty(element).getValues();
        var after = moved.getNamedProperty(element).getValues();
        if (before.size() != after.size()) {
            return false;
        }
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equalsDeep(after.get(i))) {
                return false;
            }
        }
        return true;
    }

    private Enrolment enrolmentOf(Observation observation, Caller caller) {
        if (observation.getBasedOn().size() != 1) {
            throw new RuleViolation(
                    "Observation.basedOn",
                    "a measurement is based on its patient's enrolment in telemonitoring (one ServiceRequest)");
        }
        String basedOn = References.relative(observation.getBasedOnFirstRep())
                .filter(reference -> reference.startsWith("ServiceRequest/"))
                .orElseThrow(() -> new RuleViolation(
                        "Observation.basedOn", "the enrolment is a ServiceRequest: ServiceRequest/{id}"));
        // An enrolment of another platform gets the same answer as none: nobody learns which exist.
        Enrolment enrolment = store.enrolment(References.idOf(basedOn, "ServiceRequest"))
                .filter(found -> found.platform().equals(caller.organization()) || caller.isSystem())
                .orElseThrow(() -> new RuleViolation(
                        "Observation.basedOn", basedOn + " is not an enrolment in telemonitoring with your platform"));
        if (!enrolment.active()) {
            throw new RuleViolation("Observation.basedOn", basedOn + " has ended: the patient is no longer monitored");
        }
        String subject = References.relative(observation.getSubject()).orElse(null);
        if (!enrolment.patient().equals(subject)) {
            throw new RuleViolation(
                    "Observation.subject", "the subject must be the enrolled patient, " + enrolment.patient());
        }
        return enrolment;
    }

    /** The platform the enrolment names, checked to be an organization in the directory. */
    private void checkPlatform(ServiceRequest request) {
        String platform = platformOf(request)
                .orElseThrow(() -> new RuleViolation(
                        "ServiceRequest.extension",
                        "an enrolment names the organization whose platform sends the measurements: extension "
                                + PLATFORM_EXTENSION + " with valueReference Organization/{id}"));
        if (!resources.exists("Organization", References.idOf(platform, "Organization"))) {
            throw new RuleViolation(
                    "ServiceRequest.extension", platform + ", the monitoring platform, is not in the directory");
        }
    }

    /** The platform's organization ("Organization/id") the enrolment names, as {@link #checkPlatform} checked it. */
    private static Optional<String> platformOf(ServiceRequest request) {
        Extension extension = request.getExtensionByUrl(PLATFORM_EXTENSION);
        return extension != null && extension.getValue() instanceof Reference reference
                ? References.relative(reference).filter(ref -> ref.startsWith("Organization/"))
                : Optional.empty();
    }

    private static void period(ServiceRequest request) {
        if (!request.hasOccurrencePeriod()
                || !request.getOccurrencePeriod().hasStart()
                || !request.getOccurrencePeriod().hasEnd()) {
            throw new RuleViolation(
                    "ServiceRequest.occurrence[x]",
                    "an enrolment has a period with a start and an end (occurrencePeriod)");
        }
        Instant start = request.getOccurrencePeriod().getStart().toInstant();
        Instant end = request.getOccurrencePeriod().getEnd().toInstant();
        if (!end.isAfter(start) || end.isAfter(start.plus(LONGEST_PERIOD))) {
            throw new RuleViolation(
                    "ServiceRequest.occurrencePeriod",
                    "the monitoring period ends after its start and lasts at most a year");
        }
    }

    private MonitoringPlan plan(ServiceRequest request) {
        String basedOn =
                References.firstOf(request.getBasedOn(), "ServiceRequest").orElseThrow();
        Optional<String> carePath = episodes.carePathOfRequest(basedOn);
        return carePath.flatMap(MonitoringPlan::forCarePath)
                .orElseThrow(() -> new RuleViolation(
                        "ServiceRequest.basedOn",
                        "the patient's episode of " + basedOn + " is "
                                + carePath.map(path -> "on the care path " + path)
                                        .orElse("on no care path")
                                + ", which has no telemonitoring step; telemonitoring is a step of "
                                + String.join(", ", MonitoringPlan.carePaths())));
    }
}
