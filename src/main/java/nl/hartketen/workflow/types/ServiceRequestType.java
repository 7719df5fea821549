package nl.hartketen.workflow.types;

import static nl.hartketen.workflow.search.IndexValues.code;
import static nl.hartketen.workflow.search.IndexValues.concepts;
import static nl.hartketen.workflow.search.IndexValues.date;
import static nl.hartketen.workflow.search.IndexValues.identifiers;
import static nl.hartketen.workflow.search.IndexValues.references;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.hartketen.application.ReferralService;
import nl.hartketen.application.ReferralService.TaskOpening;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.access.Relation;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.application.storage.StoredResource;
import nl.hartketen.domain.referral.DuplicateReferral;
import nl.hartketen.workflow.chain.CareChain;
import nl.hartketen.workflow.consult.Consults;
import nl.hartketen.workflow.mapping.ServiceRequestMapping;
import nl.hartketen.workflow.mapping.TaskMapping;
import nl.hartketen.workflow.monitoring.Telemonitoring;
import nl.hartketen.workflow.resource.Organizations;
import nl.hartketen.workflow.search.References;
import nl.hartketen.workflow.search.SearchParameters;
import nl.hartketen.workflow.validation.ProfileValidator;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * Referrals, back-referrals (terugverwijzingen), meekijkconsulten, telediagnostics, procedure requests and enrolments in
 * telemonitoring: the referral workflow.
 */
@ApplicationScoped
public class ServiceRequestType extends StoredType<ServiceRequest> {

    @Inject
    private ReferralService referrals;

    @Inject
    private Organizations organizations;

    @Inject
    private CareChain chain;

    @Inject
    private Consults consults;

    @Inject
    private Telemonitoring monitoring;

    @Inject
    private Clock clock;

    @Inject
    private PatientSteps patientSteps;

    public ServiceRequestType() {
        super(ServiceRequest.class);
    }

    @Override
    public void defineSearch(SearchParameters.Builder<ServiceRequest> search) {
        search.token(
                        "identifier",
                        "The referral number or another business identifier",
                        r -> identifiers("identifier", r.getIdentifier()))
                .reference(
                        "subject",
                        "The patient the request is about",
                        "Patient",
                        r -> references("subject", r.getSubject()))
                .patientOf("subject", "The patient the request is about")
                .reference(
                        "requester",
                        "Who sent the request",
                        "Practitioner",
                        r -> references("requester", r.getRequester()))
                .reference(
                        "performer",
                        "Who is asked to act",
                        "Organization",
                        r -> references("performer", r.getPerformer().toArray(new Reference[0])))
                .reference(
                        "based-on",
                        "The request this one follows from",
                        "ServiceRequest",
                        r -> references("based-on", r.getBasedOn().toArray(new Reference[0])))
                .token(
                        "status",
                        "draft | active | on-hold | revoked | completed | entered-in-error | unknown",
                        r -> code("status", r.getStatusElement()))
                .token("intent", "proposal | plan | order …", r -> code("intent", r.getIntentElement()))
                .token("priority", "routine | urgent | asap | stat", r -> code("priority", r.getPriorityElement()))
                .token(
                        "category",
                        "referral | meekijkconsult | back-referral | telediagnostics | procedure | telemonitoring (or SNOMED 3457005)",
                        r -> concepts("category", r.getCategory()))
                .token("code", "What is requested", r -> concepts("code", List.of(r.getCode())))
                .date("authored", "When the request was sent", r -> date("authored", r.getAuthoredOnElement()))
                .include("subject", "subject")
                .include("requester", "requester")
                .include("performer", "performer")
                .include("based-on", "basedOn");
    }

    @Override
    public Optional<String> profile() {
        return Optional.of(ProfileValidator.PROFILE_BASE + "hartketen-servicerequest");
    }

    @Override
    public Optional<String> patientOf(ServiceRequest request) {
        return patientIn(request.getSubject());
    }

    /** Sends the request, from the caller's organization when the caller is the requester, else from the requester's. */
    @Override
    public Written create(ServiceRequest request, String id, boolean taskCarried, Caller caller) {
        String sender = References.relative(request.getRequester())
                .map(requester -> requester.equals(caller.practitioner())
                        ? caller.organization()
                        : organizations.of(requester).orElse(null))
                .orElse(null);
        return submit(request, id, taskCarried, caller, sender);
    }

    /** The sender revises the request (e.g. revokes it, or the GP completes a meekijkconsult). */
    @Override
    public StoredResource update(String id, ServiceRequest request, Long expectedVersion, Caller caller) {
        access.requireMayChangeRequest(caller, id);
        check(request, caller);
        StoredResource stored = referrals.revise(
                ServiceRequestMapping.toDetails(request), codec.encode(request, id), expectedVersion, caller.actor());
        involve("ServiceRequest/" + id, null, request);
        consults.requestRevised("ServiceRequest/" + id, caller);
        monitoring.requestRevised("ServiceRequest/" + id, request, caller);
        return stored;
    }

    /**
     * The hospital asked for advice turns the meekijkconsult into a referral ($convert-to-referral): a new referral from
     * the GP who asked, sent on the GP practice's behalf (the GP allowed it when asking; the audit trail names the
     * cardiologist), with its Task and episode as for any referral; the consult's Task is completed with the referral
     * as output.
     */
    public Written convertConsult(String consultId, Caller caller) {
        access.requireMayRead(caller, "ServiceRequest", consultId);
        ServiceRequest referral = consults.referralFrom(consultId, caller);
        String practice = access.organizationsWith("ServiceRequest/" + consultId, Relation.SENDER).stream()
                .findFirst()
                .orElse(null);
        Written written = submit(referral, ResourceService.newId(), false, Caller.system(), practice);
        consults.converted(consultId, written.reference(), caller);
        return written;
    }

    private Written submit(ServiceRequest request, String id, boolean taskCarried, Caller caller, String sender) {
        access.requireMaySend(
                caller, sender, References.relative(request.getSubject()).orElse(null));
        if (ServiceRequestMapping.identifiers(request).isEmpty()) {
            nl.hartketen.domain.shared.Identifier number = referrals.newReferralNumber();
            request.addIdentifier(new Identifier().setSystem(number.system()).setValue(number.value()));
        }
        Date now = Date.from(clock.instant());
        if (!request.hasAuthoredOn()) {
            request.setAuthoredOn(now);
        }
        check(request, caller);
        List<String> warnings = chain.checkRequest(request, sender, caller);
        consults.checkRequest(request);
        monitoring.checkEnrolment(request);
        Optional<TaskOpening> task = Optional.empty();
        if (!taskCarried) {
            Task opened = TaskMapping.newTaskFor(request, "ServiceRequest/" + id, now);
            task = Optional.of(
                    new TaskOpening(TaskMapping.toChange(opened), codec.encode(opened, ResourceService.newId())));
        }
        ReferralService.Submission submission;
        try {
            submission = referrals.submit(
                    ServiceRequestMapping.toDetails(request).sentBy(sender),
                    codec.encode(request, id),
                    task,
                    caller.actor());
        } catch (DuplicateReferral clash) {
            throw namedIfVisible(clash, caller);
        }
        String reference = "ServiceRequest/" + id;
        involveWithRequest(reference, sender, request);
        submission.task().ifPresent(opened -> access.involveAs(opened.reference(), reference));
        chain.requestWritten(reference, request, caller);
        consults.requestWritten(reference, request);
        monitoring.requestWritten(reference, request, caller);
        patientOf(request)
                .ifPresent(patient -> patientSteps.run(patient, () -> {
                    involveWithPatient(patient, sender, request);
                    chain.episodeFollows(reference, request);
                    monitoring.platformSees(reference, request);
                }));
        return new Written(codec.decode(submission.request()), true, warnings);
    }

    /** A clash names the referral that holds the identifier only to a caller who may read that referral. */
    private DuplicateReferral namedIfVisible(DuplicateReferral clash, Caller caller) {
        return clash.existingReferralId()
                .filter(existing -> access.visibleAmong(caller, Set.of("ServiceRequest/" + existing))
                        .isEmpty())
                .map(hidden -> new DuplicateReferral(List.of(clash.identifier())))
                .orElse(clash);
    }

    /** The sender, the performers, and the patient's involvement with both. */
    private void involve(String reference, String sender, ServiceRequest request) {
        involveWithRequest(reference, sender, request);
        patientOf(request).ifPresent(patient -> involveWithPatient(patient, sender, request));
    }

    private void involveWithRequest(String reference, String sender, ServiceRequest request) {
        if (sender != null) {
            access.involve(reference, Set.of(sender), Relation.SENDER);
        }
        access.involve(reference, organizations.of(request.getPerformer()), Relation.RECEIVER);
    }

    private void involveWithPatient(String patient, String sender, ServiceRequest request) {
        access.involve(patient, organizations.of(request.getPerformer()), Relation.INVOLVED);
        if (sender != null) {
            access.involve(patient, Set.of(sender), Relation.INVOLVED);
        }
    }
}
