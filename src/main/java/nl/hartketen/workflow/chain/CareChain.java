package nl.hartketen.workflow.chain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import nl.hartketen.application.ReferralService;
import nl.hartketen.application.access.AccessControl;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.access.Relation;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.domain.chain.CareLevel;
import nl.hartketen.domain.chain.CareService;
import nl.hartketen.domain.chain.ChainRules;
import nl.hartketen.domain.chain.ChainStep;
import nl.hartketen.domain.chain.Network;
import nl.hartketen.domain.chain.ServiceCatalogue;
import nl.hartketen.domain.referral.Referral;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.shared.Role;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.workflow.mapping.ContactKindMapping;
import nl.hartketen.workflow.mapping.ServiceRequestMapping;
import nl.hartketen.workflow.resource.Organizations;
import nl.hartketen.workflow.resource.ResourceCodec;
import nl.hartketen.workflow.search.References;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * The care chain as FHIR writes meet it: the chain's rules on referrals and back-referrals, and what an escalation,
 * a back-referral or an Appointment means for the Task of the referral it follows (the client does not set the
 * business status by hand).
 */
@ApplicationScoped
public class CareChain {

    private NetworkDirectory directory;
    private ServiceCatalogue catalogue;
    private Organizations organizations;
    private ReferralService referrals;
    private ResourceService resources;
    private ResourceCodec codec;
    private AccessControl access;
    private Episodes episodes;
    private TaskSteps steps;
    private CareActivities activities;

    protected CareChain() {}

    @Inject
    public CareChain(
            NetworkDirectory directory,
            ServiceCatalogue catalogue,
            Organizations organizations,
            ReferralService referrals,
            ResourceService resources,
            ResourceCodec codec,
            AccessControl access,
            Episodes episodes,
            TaskSteps steps,
            CareActivities activities) {
        this.directory = directory;
        this.catalogue = catalogue;
        this.organizations = organizations;
        this.referrals = referrals;
        this.resources = resources;
        this.codec = codec;
        this.access = access;
        this.episodes = episodes;
        this.steps = steps;
        this.activities = activities;
    }

    /**
     * The chain's rules on a request that moves a patient: a referral (also one referring on, e.g. escalation to the
     * heart centre) and a back-referral. A referral to a performer outside every network is not judged by the
     * network's rules.
     *
     * @param sender the sending organization, when known
     * @return warnings to pass on with the created request
     */
    public List<String> checkRequest(ServiceRequest request, String sender, Caller caller) {
        RequestCategory category = ServiceRequestMapping.toDetails(request).category();
        Optional<String> basedOn = basedOnRequest(request).map(CareChain::reference);
        Optional<String> performer = organizations.of(request.getPerformerFirstRep());
        if (category == RequestCategory.BACK_REFERRAL) {
            String closed = basedOn.orElseThrow(() -> new RuleViolation(
                    "ServiceRequest.basedOn", "a back-referral names the referral it closes in basedOn"));
            ChainRules.checkBackReferral(
                    closed,
                    access.organizationsWith(closed, Relation.RECEIVER),
                    access.organizationsWith(closed, Relation.SENDER),
                    sender,
                    performer.orElse(null),
                    !letters(request).isEmpty());
            return List.of();
        }
        if (category.actsOnReferral()) {
            boolean procedure = category == RequestCategory.PROCEDURE;
            String actedOn = basedOn.orElseThrow(() -> new RuleViolation(
                    "ServiceRequest.basedOn",
                    procedure
                            ? "a procedure request is based on the referral whose patient it treats"
                            : "an enrolment in telemonitoring is based on the referral whose patient it monitors"));
            ChainRules.checkActingOn(
                    actedOn,
                    access.organizationsWith(actedOn, Relation.RECEIVER),
                    sender,
                    procedure ? "decides to treat that patient" : "enrols that patient in telemonitoring");
            service(request);
        } else if (category != RequestCategory.REFERRAL) {
            return List.of();
        } else if (basedOn.isPresent() && !caller.isSystem()) {
            ChainRules.checkActingOn(
                    basedOn.get(),
                    access.organizationsWith(basedOn.get(), Relation.RECEIVER),
                    sender,
                    "refers that patient on");
        }
        Optional<Network> network = performer.flatMap(organization -> directory.between(sender, organization));
        if (network.isEmpty()) {
            return List.of();
        }
        CareService service = service(request);
        boolean fromGeneralPractice = basedOn.isEmpty()
                && (caller.role() == Role.GP
                        || network.get()
                                .member(sender)
                                .map(member -> member.role() == CareLevel.GP_PRACTICE)
                                .orElse(false));
        return ChainRules.checkReferral(
                network.get(), network.get().member(performer.get()).orElseThrow(), service, fromGeneralPractice);
    }

    /**
     * The request is stored (its episode follows in {@link #episodeFollows}). A referral to a heart centre based on
     * another referral marks that one escalated (its
     * Task stays open until the patient is back); a procedure request marks its referral treatment-planned; a
     * back-referral completes the Task of the referral it closes, with the back-referral as output, and shares its
     * letter with the organization the patient goes back to.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requestWritten(String reference, ServiceRequest request, Caller caller) {
        RequestCategory category = ServiceRequestMapping.toDetails(request).category();
        Optional<Referral> basedOn = basedOnRequest(request);
        if (basedOn.isEmpty()) {
            return;
        }
        String earlier = basedOn.get().id();
        if (category == RequestCategory.BACK_REFERRAL) {
            letters(request).forEach(letter -> access.involveAs(letter, reference));
            // Back at the sender: if the closed referral started the chain (the GP's), its loop is closed now (the
            // writer
            // has given the back-referral its authoredOn).
            referrals.recordLoopClosed(earlier, request.getAuthoredOn().toInstant(), caller.actor());
            steps.move(
                    earlier,
                    ChainStep.REFERRED_BACK,
                    caller,
                    task -> task.addOutput()
                            .setType(new CodeableConcept().setText("back-referral"))
                            .setValue(new Reference(reference)));
        } else if (category == RequestCategory.PROCEDURE) {
            steps.move(earlier, ChainStep.TREATMENT_PLANNED, caller);
        } else if (category == RequestCategory.REFERRAL && toHeartCentre(request)) {
            steps.move(earlier, ChainStep.ESCALATED, caller);
        }
    }

    /**
     * The patient's episode follows the stored request. It reads and changes what the patient's other requests change
     * too, so it runs with the patient locked ({@code PatientSteps}); {@link #checkRequest} has made sure that the
     * request it is based on is known.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void episodeFollows(String reference, ServiceRequest request) {
        episodes.requestWritten(
                reference,
                request,
                ServiceRequestMapping.toDetails(request).category(),
                References.firstOf(request.getBasedOn(), "ServiceRequest"));
    }

    private boolean toHeartCentre(ServiceRequest request) {
        return organizations
                .of(request.getPerformerFirstRep())
                .map(performer -> directory.memberships(performer).stream()
                        .anyMatch(member -> member.role() == CareLevel.HEART_CENTRE))
                .orElse(false);
    }

    /** The request this one is based on, which must be one known here. */
    private Optional<Referral> basedOnRequest(ServiceRequest request) {
        return References.firstOf(request.getBasedOn(), "ServiceRequest")
                .map(reference -> referrals
                        .find(References.idOf(reference, "ServiceRequest"))
                        .orElseThrow(() -> new RuleViolation(
                                "ServiceRequest.basedOn", reference + " is not a request known here")));
    }

    private static String reference(Referral request) {
        return "ServiceRequest/" + request.id();
    }

    /** The stored DocumentReferences a request carries as supporting information (the letter of a back-referral). */
    private List<String> letters(ServiceRequest request) {
        List<String> letters = request.getSupportingInfo().stream()
                .map(References::relative)
                .flatMap(Optional::stream)
                .filter(reference -> reference.startsWith("DocumentReference/"))
                .toList();
        for (String letter : letters) {
            if (!resources.exists("DocumentReference", References.idOf(letter, "DocumentReference"))) {
                throw new RuleViolation(
                        "ServiceRequest.supportingInfo",
                        letter + " is not stored; send the letter first or in the same transaction");
            }
        }
        return letters;
    }

    private CareService service(ServiceRequest request) {
        return requestedService(request)
                .orElseThrow(() -> new RuleViolation(
                        "ServiceRequest.code",
                        "the requested service is not one the network knows: code it with " + ServiceCatalogue.SYSTEM
                                + " (e.g. outpatient-cardiology, pci, tavi) or an equivalent SNOMED CT code"));
    }

    /** The service a request asks for: the first coding of its code that the catalogue knows. */
    public Optional<CareService> requestedService(ServiceRequest request) {
        return request.getCode().getCoding().stream()
                .map(coding -> catalogue.forCoding(coding.getSystem(), coding.getCode()))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** An Appointment is for a referral, and made by the organization the referral asks to act. */
    public String checkAppointment(Appointment appointment, Caller caller) {
        String request = References.firstOf(appointment.getBasedOn(), "ServiceRequest")
                .orElseThrow(() -> new RuleViolation(
                        "Appointment.basedOn",
                        "an appointment is made for a referral: basedOn must reference its ServiceRequest"));
        String requestId = References.idOf(request, "ServiceRequest");
        if (referrals.find(requestId).isEmpty()) {
            throw new RuleViolation("Appointment.basedOn", request + " is not a referral known here");
        }
        access.requireIsPerformer(caller, requestId);
        ContactKindMapping.of(appointment); // refuses a contact kind we do not know before anything is stored
        if (appointment.getStatus() == Appointment.AppointmentStatus.FULFILLED && !appointment.hasStart()) {
            throw new RuleViolation(
                    "Appointment.start", "a fulfilled appointment needs its start: it is the date of the first visit");
        }
        return request;
    }

    /**
     * The appointment is stored: it shares its referral's parties, a fulfilled one is the first visit, and the
     * referral's Task shows the step reached.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appointmentWritten(String reference, Appointment appointment, String request, Caller caller) {
        access.involveAs(reference, request);
        String referral = References.idOf(request, "ServiceRequest");
        switch (appointment.getStatus()) {
            case PROPOSED, PENDING, BOOKED -> steps.move(referral, ChainStep.APPOINTMENT_SCHEDULED, caller);
            case ARRIVED, CHECKEDIN, FULFILLED -> {
                if (appointment.getStatus() == Appointment.AppointmentStatus.FULFILLED) {
                    referrals.recordVisit(referral, appointment.getStart().toInstant(), caller.actor());
                }
                steps.move(referral, ChainStep.SEEN, caller);
            }
            case NOSHOW -> steps.move(referral, ChainStep.NO_SHOW, caller);
            case CANCELLED -> steps.move(referral, ChainStep.APPOINTMENT_CANCELLED, caller);
            default -> {
                // entered-in-error, waitlist: the referral's step does not change
            }
        }
        activities.appointment(
                reference,
                appointment.getStatus() == Appointment.AppointmentStatus.FULFILLED,
                appointment.hasStart() ? appointment.getStart().toInstant() : null,
                ContactKindMapping.of(appointment),
                referral);
    }

    /** A Procedure records the treatment of a procedure request, by the organization that request asked to treat. */
    public String checkProcedure(Procedure procedure, Caller caller) {
        String request = References.firstOf(procedure.getBasedOn(), "ServiceRequest")
                .orElseThrow(
                        () -> new RuleViolation(
                                "Procedure.basedOn",
                                "a procedure records a treatment decided on:"
                                        + " basedOn must reference its procedure request (ServiceRequest with category procedure)"));
        String requestId = References.idOf(request, "ServiceRequest");
        Referral decided = referrals
                .find(requestId)
                .orElseThrow(() -> new RuleViolation("Procedure.basedOn", request + " is not a request known here"));
        if (decided.category() != RequestCategory.PROCEDURE) {
            throw new RuleViolation(
                    "Procedure.basedOn",
                    request + " is a " + decided.category().code()
                            + ", not a procedure request; record the decision to treat first");
        }
        access.requireIsPerformer(caller, requestId);
        if (procedure.getStatus() == Procedure.ProcedureStatus.COMPLETED
                && performedAt(procedure).isEmpty()) {
            throw new RuleViolation(
                    "Procedure.performed[x]",
                    "a completed procedure needs when it was performed: it ends the wait for treatment");
        }
        return request;
    }

    /**
     * The Procedure is stored: it shares its request's parties; a completed one records the treatment, completes the
     * procedure request's Task and marks the referral it treats as treated.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void procedureWritten(String reference, Procedure procedure, String request, Caller caller) {
        access.involveAs(reference, request);
        if (procedure.getStatus() != Procedure.ProcedureStatus.COMPLETED) {
            return;
        }
        String requestId = References.idOf(request, "ServiceRequest");
        referrals.recordTreatment(requestId, performedAt(procedure).orElseThrow(), caller.actor());
        steps.move(requestId, ChainStep.TREATED, caller);
        // checkRequest made sure the decision is based on a request known here
        ServiceRequest decision = (ServiceRequest) codec.decode(resources.read("ServiceRequest", requestId));
        Optional<String> treated = References.firstOf(decision.getBasedOn(), "ServiceRequest")
                .map(referral -> References.idOf(referral, "ServiceRequest"));
        treated.ifPresent(referral -> steps.move(referral, ChainStep.REFERRAL_TREATED, caller));
        activities.treated(requestId, treated);
    }

    private static Optional<java.time.Instant> performedAt(Procedure procedure) {
        if (procedure.hasPerformedDateTimeType()) {
            return Optional.ofNullable(procedure.getPerformedDateTimeType().getValue())
                    .map(Date::toInstant);
        }
        if (procedure.hasPerformedPeriod() && procedure.getPerformedPeriod().hasStart()) {
            return Optional.of(procedure.getPerformedPeriod().getStart().toInstant());
        }
        return Optional.empty();
    }
}
