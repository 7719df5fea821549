package nl.hartketen.workflow.consult;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.hartketen.application.ReferralService;
import nl.hartketen.application.access.AccessControl;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.access.Relation;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.domain.chain.ChainStep;
import nl.hartketen.domain.consult.ConsultStep;
import nl.hartketen.domain.consult.Conversation;
import nl.hartketen.domain.consult.ResponseTarget;
import nl.hartketen.domain.referral.Referral;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.referral.RequestStatus;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.workflow.chain.CareActivities;
import nl.hartketen.workflow.chain.TaskSteps;
import nl.hartketen.workflow.mapping.ServiceRequestMapping;
import nl.hartketen.workflow.resource.Organizations;
import nl.hartketen.workflow.resource.ResourceCodec;
import nl.hartketen.workflow.search.References;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Meekijkconsulten and telediagnostics as FHIR writes meet them: the consult's conversation (Communication), its
 * response target, its conversion into a referral, and the report (DiagnosticReport) that answers a telediagnostics
 * request. The Task of the request shows where it stands; the server moves it, not the client.
 */
@ApplicationScoped
public class Consults {

    public static final String CONVERSION_ALLOWED = "https://hartketen.nl/fhir/StructureDefinition/conversion-allowed";
    public static final String MESSAGE_SYSTEM = "https://hartketen.nl/fhir/CodeSystem/consult-message";

    private ReferralService referrals;
    private ResourceService resources;
    private ResourceCodec codec;
    private AccessControl access;
    private Organizations organizations;
    private TaskSteps steps;
    private Clock clock;
    private ResponseTarget target;
    private CareActivities activities;

    protected Consults() {}

    @Inject
    public Consults(
            ReferralService referrals,
            ResourceService resources,
            ResourceCodec codec,
            AccessControl access,
            Organizations organizations,
            TaskSteps steps,
            Clock clock,
            ResponseTarget target,
            CareActivities activities) {
        this.referrals = referrals;
        this.resources = resources;
        this.codec = codec;
        this.access = access;
        this.organizations = organizations;
        this.steps = steps;
        this.clock = clock;
        this.target = target;
        this.activities = activities;
    }

    /** A meekijkconsult asks a question and says whether it may become a referral; its attachments are stored. */
    public void checkRequest(ServiceRequest request) {
        RequestCategory category = ServiceRequestMapping.toDetails(request).category();
        if (category != RequestCategory.MEEKIJKCONSULT && category != RequestCategory.TELEDIAGNOSTICS) {
            return;
        }
        if (category == RequestCategory.MEEKIJKCONSULT) {
            conversionAllowed(request)
                    .orElseThrow(() -> new RuleViolation(
                            "ServiceRequest.extension",
                            "a meekijkconsult says whether the cardiologist may convert it into a referral: extension "
                                    + CONVERSION_ALLOWED + " (valueBoolean)"));
            if (request.getNote().stream()
                    .noneMatch(note -> note.hasText() && !note.getText().isBlank())) {
                throw new RuleViolation(
                        "ServiceRequest.note", "a meekijkconsult carries the GP's question as text in note");
            }
        }
        documents(request.getSupportingInfo(), "ServiceRequest.supportingInfo");
    }

    /**
     * The consult or telediagnostics request is stored: its attachments are shared with the hospital asked, and a
     * consult's Task awaits the answer, due after the configured number of working days.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requestWritten(String reference, ServiceRequest request) {
        RequestCategory category = ServiceRequestMapping.toDetails(request).category();
        if (category != RequestCategory.MEEKIJKCONSULT && category != RequestCategory.TELEDIAGNOSTICS) {
            return;
        }
        // checkRequest made sure these are stored DocumentReferences, and the writer that the sender may read them
        request.getSupportingInfo().stream()
                .map(References::relative)
                .flatMap(Optional::stream)
                .forEach(document -> access.involveAs(document, reference));
        if (category == RequestCategory.MEEKIJKCONSULT) {
            Referral consult = consult(reference);
            Date due = Date.from(target.due(consult.authoredOn()));
            steps.move(
                    consult.id(),
                    ConsultStep.AWAITING_ANSWER,
                    Caller.system(),
                    task -> task.getRestriction().getPeriod().setEnd(due));
        }
    }

    /**
     * A message of a consult's conversation: based on an open meekijkconsult, from one side to the other.
     *
     * @return the consult ("ServiceRequest/id") and the step its Task moves to
     */
    public Message checkCommunication(Communication communication, Caller caller) {
        String reference = References.firstOf(communication.getBasedOn(), "ServiceRequest")
                .orElseThrow(() -> new RuleViolation(
                        "Communication.basedOn", "a consult message names its meekijkconsult in basedOn"));
        Referral consult = referrals
                .find(References.idOf(reference, "ServiceRequest"))
                .filter(found -> found.category() == RequestCategory.MEEKIJKCONSULT)
                .orElseThrow(() ->
                        new RuleViolation("Communication.basedOn", reference + " is not a meekijkconsult known here"));
        if (!consult.subject()
                .equals(References.relative(communication.getSubject()).orElse(consult.subject()))) {
            throw new RuleViolation(
                    "Communication.subject",
                    "a message is about its consult's patient: subject must be that of " + reference);
        }
        for (Reference earlier : communication.getInResponseTo()) {
            String answered = References.relative(earlier).orElse("");
            if (!answered.startsWith("Communication/")
                    || !belongsTo(References.idOf(answered, "Communication"), reference)) {
                throw new RuleViolation("Communication.inResponseTo", answered + " is not a message of this consult");
            }
        }
        Optional<String> named = organizations.of(communication.getSender());
        String sender = caller.isSystem() ? named.orElse(null) : caller.organization();
        if (named.isPresent() && !named.get().equals(sender)) {
            throw new RuleViolation(
                    "Communication.sender", "a message is sent in the caller's own name (" + sender + ")");
        }
        String recipient = communication.getRecipient().stream()
                .map(organizations::of)
                .flatMap(Optional::stream)
                .findFirst()
                .orElse(null);
        Conversation.MessageKind kind = communication.getCategory().stream()
                .flatMap(concept -> concept.getCoding().stream())
                .filter(coding -> MESSAGE_SYSTEM.equals(coding.getSystem()))
                .map(Coding::getCode)
                .map(Conversation.MessageKind::fromCode)
                .findFirst()
                .orElse(null);
        Set<String> asking = access.organizationsWith(reference, Relation.SENDER);
        Set<String> asked = access.organizationsWith(reference, Relation.RECEIVER);
        ConsultStep next = Conversation.message(asking, asked, sender, recipient, kind, consult.awaitsOutcome());
        List<String> attachments = documents(
                communication.getPayload().stream()
                        .filter(Communication.CommunicationPayloadComponent::hasContentReference)
                        .map(Communication.CommunicationPayloadComponent::getContentReference)
                        .toList(),
                "Communication.payload");
        return new Message(reference, next, attachments);
    }

    /**
     * A checked message: its consult, the step the consult moves to (which says which side sent it), and its attached
     * documents.
     */
    public record Message(String consult, ConsultStep next, List<String> attachments) {}

    /**
     * The message is stored: both sides see it and its attachments (which its sender may read: the writer checked), the
     * first answer is recorded, and the Task shows whose turn it is.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void communicationWritten(String reference, Communication communication, Message message, Caller caller) {
        access.involveAs(reference, message.consult());
        message.attachments().forEach(document -> access.involveAs(document, message.consult()));
        String consult = References.idOf(message.consult(), "ServiceRequest");
        if (message.next() == ConsultStep.ANSWERED) {
            referrals.recordAnswer(
                    consult,
                    communication.hasSent() ? communication.getSent().toInstant() : clock.instant(),
                    caller.actor());
        }
        steps.move(consult, message.next(), caller);
    }

    /** The GP completed the consult (ServiceRequest status completed): its Task is closed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requestRevised(String reference, Caller caller) {
        Referral request = consult(reference);
        if (request.category() == RequestCategory.MEEKIJKCONSULT && request.status() == RequestStatus.COMPLETED) {
            steps.move(request.id(), ConsultStep.CLOSED, caller);
        }
    }

    /**
     * The referral a consult becomes: from the GP who asked to the hospital that was asked, for the same patient,
     * reasons and question, with the consult's attachments; based on the consult.
     *
     * @throws Conversation.ConversionNotAllowed when the GP did not allow it (then {@link #adviseReferral} records that)
     */
    public ServiceRequest referralFrom(String consultId, Caller caller) {
        String reference = "ServiceRequest/" + consultId;
        Referral consult = referrals
                .find(consultId)
                .filter(found -> found.category() == RequestCategory.MEEKIJKCONSULT)
                .orElseThrow(
                        () -> new RuleViolation("ServiceRequest", reference + " is not a meekijkconsult known here"));
        ServiceRequest asked = (ServiceRequest) codec.decode(resources.read("ServiceRequest", consultId));
        Conversation.checkConversion(
                access.organizationsWith(reference, Relation.RECEIVER),
                caller.organization(),
                conversionAllowed(asked).orElse(false),
                consult.awaitsOutcome());
        ServiceRequest referral = new ServiceRequest();
        referral.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        referral.addCategory(new CodeableConcept(
                new Coding(ServiceRequestMapping.CATEGORY_SYSTEM, RequestCategory.REFERRAL.code(), "Referral")));
        referral.setCode(asked.getCode().copy());
        referral.setPriority(asked.getPriority());
        referral.setSubject(asked.getSubject().copy());
        referral.setRequester(asked.getRequester().copy());
        referral.addPerformer(asked.getPerformerFirstRep().copy());
        referral.setReasonCode(
                asked.getReasonCode().stream().map(CodeableConcept::copy).toList());
        referral.setNote(asked.getNote().stream().map(note -> note.copy()).toList());
        referral.setSupportingInfo(
                asked.getSupportingInfo().stream().map(Reference::copy).toList());
        referral.addBasedOn(new Reference(reference));
        return referral;
    }

    /** The consult became {@code referral}: its Task is completed with the referral as output. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void converted(String consultId, String referral, Caller caller) {
        steps.move(
                consultId,
                ConsultStep.CONVERTED,
                caller,
                task -> task.addOutput()
                        .setType(new CodeableConcept().setText("referral"))
                        .setValue(new Reference(referral)));
    }

    /** The cardiologist advises a referral the GP did not allow them to make: the GP's turn. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void adviseReferral(String consultId, Caller caller) {
        steps.move(consultId, ConsultStep.ADVISES_REFERRAL, caller);
    }

    /** A DiagnosticReport answers a telediagnostics request, from the hospital that was asked. */
    public String checkReport(DiagnosticReport report, Caller caller) {
        String request = References.firstOf(report.getBasedOn(), "ServiceRequest")
                .orElseThrow(() -> new RuleViolation(
                        "DiagnosticReport.basedOn",
                        "a report answers a telediagnostics request: basedOn must reference it"));
        String requestId = References.idOf(request, "ServiceRequest");
        Referral asked = referrals
                .find(requestId)
                .orElseThrow(
                        () -> new RuleViolation("DiagnosticReport.basedOn", request + " is not a request known here"));
        if (asked.category() != RequestCategory.TELEDIAGNOSTICS) {
            throw new RuleViolation(
                    "DiagnosticReport.basedOn",
                    request + " is a " + asked.category().code() + ", not a telediagnostics request");
        }
        access.requireIsPerformer(caller, requestId);
        return request;
    }

    /** The report is stored: the GP sees it, and a final one completes the request's Task with the report as output. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reportWritten(String reference, DiagnosticReport report, String request, Caller caller) {
        access.involveAs(reference, request);
        if (report.getStatus() == DiagnosticReport.DiagnosticReportStatus.FINAL
                || report.getStatus() == DiagnosticReport.DiagnosticReportStatus.AMENDED
                || report.getStatus() == DiagnosticReport.DiagnosticReportStatus.CORRECTED) {
            String requestId = References.idOf(request, "ServiceRequest");
            referrals.recordReport(
                    requestId, report.hasIssued() ? report.getIssued().toInstant() : clock.instant(), caller.actor());
            steps.move(
                    requestId,
                    ChainStep.REPORTED,
                    caller,
                    task -> task.addOutput()
                            .setType(new CodeableConcept().setText("report"))
                            .setValue(new Reference(reference)));
            activities.reported(requestId);
        }
    }

    static Optional<Boolean> conversionAllowed(ServiceRequest request) {
        Extension extension = request.getExtensionByUrl(CONVERSION_ALLOWED);
        return extension != null && extension.getValue() instanceof BooleanType allowed && allowed.hasValue()
                ? Optional.of(allowed.booleanValue())
                : Optional.empty();
    }

    private boolean belongsTo(String communicationId, String consult) {
        if (!resources.exists("Communication", communicationId)) {
            return false;
        }
        Communication earlier = (Communication) codec.decode(resources.read("Communication", communicationId));
        return earlier.getBasedOn().stream()
                .map(References::relative)
                .flatMap(Optional::stream)
                .anyMatch(consult::equals);
    }

    /** The stored DocumentReferences among {@code references}; any other kind of reference is refused. */
    private List<String> documents(List<Reference> references, String location) {
        List<String> documents = references.stream()
                .map(References::relative)
                .flatMap(Optional::stream)
                .toList();
        for (String document : documents) {
            if (!document.startsWith("DocumentReference/")
                    || !resources.exists("DocumentReference", References.idOf(document, "DocumentReference"))) {
                throw new RuleViolation(
                        location,
                        document
                                + " is not a stored DocumentReference; send the attachment first or in the same transaction");
            }
        }
        return documents;
    }

    private Referral consult(String reference) {
        return referrals.find(References.idOf(reference, "ServiceRequest")).orElseThrow();
    }
}
