package nl.hartketen.interfaces.fhir.chain;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

import nl.hartketen.application.ReferralService;
import nl.hartketen.application.ResourceNotFound;
import nl.hartketen.application.ResourceService;
import nl.hartketen.application.access.AccessControl;
import nl.hartketen.application.access.Caller;
import nl.hartketen.domain.chain.CareLevel;
import nl.hartketen.domain.chain.CareService;
import nl.hartketen.domain.chain.ChainRules;
import nl.hartketen.domain.chain.Network;
import nl.hartketen.domain.chain.ServiceCatalogue;
import nl.hartketen.domain.referral.Referral;
import nl.hartketen.domain.referral.ReferralTask;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.referral.TaskStatus;
import nl.hartketen.domain.shared.Role;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.interfaces.fhir.Organizations;
import nl.hartketen.interfaces.fhir.ResourceCodec;
import nl.hartketen.interfaces.fhir.mapping.ServiceRequestMapping;
import nl.hartketen.interfaces.fhir.mapping.TaskMapping;
import nl.hartketen.interfaces.fhir.search.References;

/**
 * The care chain as FHIR writes meet it: the chain's rules on a referral, and what an Appointment for a referral
 * means for the referral's Task (the client does not set the business status by hand).
 */
@ApplicationScoped
public class CareChain {

    public static final String BUSINESS_STATUS_SYSTEM = "https://hartketen.nl/fhir/CodeSystem/task-business-status";

    private NetworkDirectory directory;
    private ServiceCatalogue catalogue;
    private Organizations organizations;
    private ReferralService referrals;
    private ResourceService resources;
    private ResourceCodec codec;
    private AccessControl access;
    private Clock clock;

    protected CareChain() {
    }

    @Inject
    public CareChain(NetworkDirectory directory, ServiceCatalogue catalogue, Organizations organizations, ReferralService referrals,
                     ResourceService resources, ResourceCodec codec, AccessControl access, Clock clock) {
        this.directory = directory;
        this.catalogue = catalogue;
        this.organizations = organizations;
        this.referrals = referrals;
        this.resources = resources;
        this.codec = codec;
        this.access = access;
        this.clock = clock;
    }

    /**
     * The chain's rules on a referral to a network member; a performer outside every network is not judged.
     *
     * @param sender the sending organization, when known
     * @return warnings to pass on with the created referral
     */
    public List<String> checkReferral(ServiceRequest request, String sender, Caller caller) {
        if (ServiceRequestMapping.toDetails(request).category() != RequestCategory.REFERRAL) {
            return List.of();
        }
        Optional<String> performer = organizations.of(request.getPerformerFirstRep());
        Optional<Network> network = performer.flatMap(organization -> directory.between(sender, organization));
        if (network.isEmpty()) {
            return List.of();
        }
        CareService service = requestedService(request).orElseThrow(() -> new RuleViolation("ServiceRequest.code",
                "the requested service is not one the network knows: code it with " + ServiceCatalogue.SYSTEM
                        + " (e.g. outpatient-cardiology, pci, tavi) or an equivalent SNOMED CT code"));
        boolean fromGeneralPractice = !request.hasBasedOn() && (caller.role() == Role.GP
                || network.get().member(sender).map(member -> member.role() == CareLevel.GP_PRACTICE).orElse(false));
        return ChainRules.checkReferral(network.get(), network.get().member(performer.get()).orElseThrow(), service, fromGeneralPractice);
    }

    /** The service a request asks for: the first coding of its code that the catalogue knows. */
    public Optional<CareService> requestedService(ServiceRequest request) {
        return request.getCode().getCoding().stream()
                .map(coding -> catalogue.forCoding(coding.getSystem(), coding.getCode()))
                .flatMap(Optional::stream).findFirst();
    }

    /** An Appointment is for a referral, and made by the organization the referral asks to act. */
    public String checkAppointment(Appointment appointment, Caller caller) {
        String request = appointment.getBasedOn().stream().map(References::relative).flatMap(Optional::stream)
                .filter(reference -> reference.startsWith("ServiceRequest/")).findFirst()
                .orElseThrow(() -> new RuleViolation("Appointment.basedOn", "an appointment is made for a referral: basedOn must reference its ServiceRequest"));
        String requestId = request.substring("ServiceRequest/".length());
        if (referrals.find(requestId).isEmpty()) {
            throw new RuleViolation("Appointment.basedOn", request + " is not a referral known here");
        }
        access.requireIsPerformer(caller, requestId);
        if (appointment.getStatus() == Appointment.AppointmentStatus.FULFILLED && !appointment.hasStart()) {
            throw new RuleViolation("Appointment.start", "a fulfilled appointment needs its start: it is the date of the first visit");
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
        Referral referral = referrals.find(request.substring("ServiceRequest/".length()))
                .orElseThrow(() -> new ResourceNotFound(request));
        switch (appointment.getStatus()) {
            case PROPOSED, PENDING, BOOKED -> moveTask(referral, "appointment-scheduled", "Appointment scheduled", List.of(TaskStatus.ACCEPTED), caller);
            case ARRIVED, CHECKEDIN, FULFILLED -> {
                if (appointment.getStatus() == Appointment.AppointmentStatus.FULFILLED) {
                    referrals.recordVisit(referral.id(), appointment.getStart().toInstant(), caller.actor());
                }
                moveTask(referral, "seen", "Seen", List.of(TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS), caller);
            }
            case NOSHOW -> moveTask(referral, "no-show", "Patient did not come", List.of(), caller);
            case CANCELLED -> moveTask(referral, "appointment-cancelled", "Appointment cancelled", List.of(), caller);
            default -> {
                // entered-in-error, waitlist: the referral's step does not change
            }
        }
    }

    /** Moves the referral's task along {@code path} as far as its state machine allows, with the new business status. */
    private void moveTask(Referral referral, String businessStatus, String display, List<TaskStatus> path, Caller caller) {
        Optional<ReferralTask> task = referral.task();
        if (task.isEmpty()) {
            return;
        }
        String id = task.get().id();
        TaskStatus current = task.get().status();
        boolean written = false;
        for (TaskStatus next : path) {
            if (current.successors().contains(next)) {
                writeTask(id, next, businessStatus, display, caller);
                current = next;
                written = true;
            }
        }
        if (!written && !businessStatus.equals(task.get().businessStatus())) {
            writeTask(id, current, businessStatus, display, caller);
        }
    }

    private void writeTask(String id, TaskStatus status, String businessStatus, String display, Caller caller) {
        Task task = (Task) codec.decode(resources.read("Task", id));
        task.setStatus(Task.TaskStatus.fromCode(status.code()));
        task.setBusinessStatus(new CodeableConcept(new Coding(BUSINESS_STATUS_SYSTEM, businessStatus, display)));
        task.setLastModified(Date.from(clock.instant()));
        referrals.changeTask(TaskMapping.toChange(task), codec.encode(task, id), null, caller.actor());
    }
}
