package nl.hartketen.workflow.write;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.util.UrlUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

import nl.hartketen.application.ReferralService;
import nl.hartketen.application.ReferralService.TaskOpening;
import nl.hartketen.application.ResourceService;
import nl.hartketen.application.StoredResource;
import nl.hartketen.application.access.AccessControl;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.access.Relation;
import nl.hartketen.domain.patient.Bsn;
import nl.hartketen.domain.referral.DuplicateReferral;
import nl.hartketen.domain.shared.DuplicateIdentifier;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.workflow.audit.Access;
import nl.hartketen.workflow.audit.AuditTrail;
import nl.hartketen.workflow.chain.CareChain;
import nl.hartketen.workflow.consult.Consults;
import nl.hartketen.workflow.mapping.ServiceRequestMapping;
import nl.hartketen.workflow.mapping.TaskMapping;
import nl.hartketen.workflow.search.References;
import nl.hartketen.workflow.search.SearchParameters;
import nl.hartketen.workflow.search.SearchRequest;
import nl.hartketen.workflow.validation.ProfileValidator;
import nl.hartketen.workflow.check.AttachmentLimits;
import nl.hartketen.workflow.resource.Organizations;
import nl.hartketen.workflow.check.ReferenceCheck;
import nl.hartketen.workflow.resource.ResourceCodec;
import nl.hartketen.workflow.resource.ResourceReader;
import nl.hartketen.workflow.resource.ResourceTypeWritten;
import nl.hartketen.workflow.check.StorableText;

/**
 * Every write of a resource, from a REST interaction or a transaction entry, goes through here: allowed by the
 * access rules, checked against the profiles, handed to the use case its type belongs to (referral requests and
 * tasks to the referral workflow, everything else to plain versioned storage), and recorded with who is involved
 * and in the audit trail. All of it in one transaction: no change without its audit entry.
 */
@ApplicationScoped
@Transactional
public class ResourceWriter {

    /** A written resource as it now stands, whether it was created, and what the client should look at again. */
    public record Written(Resource resource, boolean created, List<String> warnings) {

        public Written(Resource resource, boolean created) {
            this(resource, created, List.of());
        }

        /** The warnings as an OperationOutcome, or null when there are none. */
        public OperationOutcome warningOutcome() {
            if (warnings.isEmpty()) {
                return null;
            }
            OperationOutcome outcome = new OperationOutcome();
            warnings.forEach(warning -> outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.WARNING)
                    .setCode(OperationOutcome.IssueType.BUSINESSRULE).setDiagnostics(warning));
            return outcome;
        }
    }

    private ResourceService resources;
    private ReferralService referrals;
    private ResourceCodec codec;
    private ProfileValidator validator;
    private SearchParameters searchParameters;
    private ResourceReader reader;
    private Clock clock;
    private AccessControl access;
    private AuditTrail audit;
    private Organizations organizations;
    private CareChain chain;
    private Consults consults;
    private AttachmentLimits attachmentLimits;
    private StorableText storableText;
    private ReferenceCheck referenceCheck;
    private Event<ResourceTypeWritten> written;

    protected ResourceWriter() {
    }

    @Inject
    public ResourceWriter(ResourceService resources, ReferralService referrals, ResourceCodec codec, ProfileValidator validator,
                          SearchParameters searchParameters, ResourceReader reader, Clock clock, AccessControl access,
                          AuditTrail audit, Organizations organizations, CareChain chain, Consults consults, AttachmentLimits attachmentLimits,
                          StorableText storableText, ReferenceCheck referenceCheck, Event<ResourceTypeWritten> written) {
        this.resources = resources;
        this.referrals = referrals;
        this.codec = codec;
        this.validator = validator;
        this.searchParameters = searchParameters;
        this.reader = reader;
        this.clock = clock;
        this.access = access;
        this.audit = audit;
        this.organizations = organizations;
        this.chain = chain;
        this.consults = consults;
        this.attachmentLimits = attachmentLimits;
        this.storableText = storableText;
        this.referenceCheck = referenceCheck;
        this.written = written;
    }

    /**
     * Creates a resource with a new id, or with {@code id} when the caller assigned one (transactions, update-as-create).
     *
     * @param taskCarried for a ServiceRequest: its Task comes in the same transaction, so none is made here
     */
    public Written create(Resource resource, String id, boolean taskCarried, Caller caller) {
        String newId = id != null ? id : ResourceService.newId();
        access.requireMayCreate(caller, resource.fhirType());
        Written written;
        if (resource instanceof ServiceRequest request) {
            written = submit(request, newId, taskCarried, caller, senderOf(request, caller));
        } else if (resource instanceof Task task) {
            String focus = References.relative(task.getFocus()).filter(ref -> ref.startsWith("ServiceRequest/"))
                    .orElseThrow(() -> new RuleViolation("Task.focus", "a task works on a ServiceRequest: focus must reference one"));
            String requestId = References.idOf(focus, "ServiceRequest");
            access.requireMayOpenTask(caller, requestId);
            check(task, caller);
            written = created(referrals.openTask(requestId, TaskMapping.toChange(task),
                    codec.encode(task, newId), caller.actor()));
            involveInTask("Task/" + newId, focus, task);
        } else {
            Optional<Object> checked = beforePlainWrite(resource, caller);
            written = created(resources.create(codec.encode(resource, newId)));
            afterPlainWrite(resource.fhirType() + "/" + newId, resource, checked, caller);
        }
        audit.record(caller, Access.write("create", reference(written), References.patientOf(written.resource()).orElse(null)));
        return written;
    }

    /**
     * The hospital asked for advice turns the meekijkconsult into a referral ($convert-to-referral): a new referral from
     * the GP who asked, sent on the GP practice's behalf (the GP allowed it when asking; the audit trail names the
     * cardiologist), with its Task and episode as for any referral; the consult's Task is completed with the referral
     * as output.
     */
    public Written convertToReferral(String consultId, Caller caller) {
        access.requireMayRead(caller, "ServiceRequest", consultId);
        ServiceRequest referral = consults.referralFrom(consultId, caller);
        String practice = access.organizationsWith("ServiceRequest/" + consultId, Relation.SENDER).stream().findFirst().orElse(null);
        Written written = submit(referral, ResourceService.newId(), false, Caller.system(), practice);
        consults.converted(consultId, reference(written), caller);
        audit.record(caller, Access.write("create", reference(written), References.patientOf(written.resource()).orElse(null)));
        return written;
    }

    /**
     * A create that takes effect only if nothing matches {@code conditionalUrl} (If-None-Exist). Under concurrency,
     * the database's unique identifiers make sure that only one referral (or patient with a BSN, organization with a
     * URA number) is made; the others get that one back. A caller who may not see the one that holds the identifier
     * gets the refusal, which names nothing of it.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Written createIfNoneExist(Resource resource, String conditionalUrl, Caller caller) {
        Optional<Resource> existing = findSingleMatch(resource.fhirType(), conditionalUrl, caller);
        if (existing.isPresent()) {
            return matched(existing.get(), caller);
        }
        try {
            return self().create(resource, null, false, caller);
        } catch (DuplicateReferral | DuplicateIdentifier clash) {
            return findSingleMatch(resource.fhirType(), conditionalUrl, caller).map(match -> matched(match, caller)).orElseThrow(() -> clash);
        }
    }

    /** Nothing was written, but the caller is shown the match: that access is recorded too. */
    private Written matched(Resource match, Caller caller) {
        Written written = new Written(match, false);
        audit.record(caller, Access.matched(reference(written), References.patientOf(match).orElse(null)));
        return written;
    }

    /**
     * Updates (or creates, when the client chose a new id) a resource; {@code expectedVersion} from If-Match.
     *
     * @param taskCarried as for {@link #create}, when the update turns out to be a create
     */
    public Written update(String id, Resource resource, Long expectedVersion, boolean taskCarried, Caller caller) {
        String type = resource.fhirType();
        access.requireMayPut(caller, type, id);
        if (!resources.exists(type, id)) {
            if (expectedVersion != null) {
                throw new PreconditionFailedException(type + "/" + id + " does not exist, so version "
                        + expectedVersion + " cannot be matched");
            }
            return create(resource, id, taskCarried, caller);
        }
        StoredResource stored;
        if (resource instanceof ServiceRequest request) {
            access.requireMayChangeRequest(caller, id);
            check(request, caller);
            stored = referrals.revise(ServiceRequestMapping.toDetails(request), codec.encode(request, id), expectedVersion, caller.actor());
            involveInRequest("ServiceRequest/" + id, null, request);
            consults.requestRevised("ServiceRequest/" + id, caller);
        } else if (resource instanceof Task task) {
            Task current = (Task) codec.decode(resources.read(type, id));
            access.requireMayMoveTask(caller, id, TaskMapping.toChange(current).status(), TaskMapping.toChange(task).status());
            check(task, caller);
            stored = referrals.changeTask(TaskMapping.toChange(task), codec.encode(task, id), expectedVersion, caller.actor());
        } else {
            access.requireMayUpdate(caller, type, id);
            Optional<Object> checked = beforePlainWrite(resource, caller);
            stored = resources.createOrUpdate(codec.encode(resource, id), expectedVersion);
            afterPlainWrite(type + "/" + id, resource, checked, caller);
        }
        Written written = new Written(codec.decode(stored), false);
        audit.record(caller, Access.write("update", reference(written), References.patientOf(written.resource()).orElse(null)));
        return written;
    }

    /**
     * Checks a resource without a workflow of its own. Returns what the check found for the write to follow up: for an
     * Appointment, a Procedure or a DiagnosticReport the request it is for, for a Communication the consult message.
     * A document is written about a patient the caller's organization is involved with.
     */
    private Optional<Object> beforePlainWrite(Resource resource, Caller caller) {
        check(resource, caller);
        if (resource instanceof DocumentReference document && !caller.isSystem()) {
            String subject = References.relative(document.getSubject()).filter(ref -> ref.startsWith("Patient/"))
                    .orElseThrow(() -> new RuleViolation("DocumentReference.subject", "a document is about a patient: subject must reference one"));
            access.requireMayRead(caller, "Patient", References.idOf(subject, "Patient"));
        }
        if (resource instanceof Appointment appointment) {
            return Optional.of(chain.checkAppointment(appointment, caller));
        }
        if (resource instanceof Communication communication) {
            return Optional.of(consults.checkCommunication(communication, caller));
        }
        if (resource instanceof DiagnosticReport report) {
            return Optional.of(consults.checkReport(report, caller));
        }
        return resource instanceof Procedure procedure ? Optional.of(chain.checkProcedure(procedure, caller)) : Optional.empty();
    }

    private void afterPlainWrite(String reference, Resource resource, Optional<Object> checked, Caller caller) {
        if (resource instanceof Patient patient) {
            involveInPatient(reference, patient, caller);
        } else if (resource instanceof Appointment appointment) {
            chain.appointmentWritten(reference, appointment, (String) checked.orElseThrow(), caller);
        } else if (resource instanceof Procedure procedure) {
            chain.procedureWritten(reference, procedure, (String) checked.orElseThrow(), caller);
        } else if (resource instanceof Communication communication) {
            consults.communicationWritten(reference, communication, (Consults.Message) checked.orElseThrow(), caller);
        } else if (resource instanceof DiagnosticReport report) {
            consults.reportWritten(reference, report, (String) checked.orElseThrow(), caller);
        } else if (resource instanceof DocumentReference && caller.organization() != null) {
            access.involve(reference, Set.of(caller.organization()), Relation.INVOLVED);
        }
        written.fire(new ResourceTypeWritten(resource.fhirType()));
    }

    /** The sending organization: the caller's when the caller is the requester, else the requester's (a PractitionerRole's). */
    private String senderOf(ServiceRequest request, Caller caller) {
        return References.relative(request.getRequester())
                .map(requester -> requester.equals(caller.practitioner()) ? caller.organization() : organizations.of(requester).orElse(null))
                .orElse(null);
    }

    private Written submit(ServiceRequest request, String id, boolean taskCarried, Caller caller, String sender) {
        access.requireMaySend(caller, sender, References.relative(request.getSubject()).orElse(null));
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
        Optional<TaskOpening> task = Optional.empty();
        if (!taskCarried) {
            Task opened = TaskMapping.newTaskFor(request, "ServiceRequest/" + id, now);
            task = Optional.of(new TaskOpening(TaskMapping.toChange(opened), codec.encode(opened, ResourceService.newId())));
        }
        patientOf(request).ifPresent(this::lockPatient);
        ReferralService.Submission submission;
        try {
            submission = referrals.submit(ServiceRequestMapping.toDetails(request), codec.encode(request, id), task, caller.actor());
        } catch (DuplicateReferral clash) {
            throw namedIfVisible(clash, caller);
        }
        involveInRequest("ServiceRequest/" + id, sender, request);
        submission.task().ifPresent(opened -> access.involveAs(opened.reference(), "ServiceRequest/" + id));
        chain.requestWritten("ServiceRequest/" + id, request, caller);
        consults.requestWritten("ServiceRequest/" + id, request);
        return new Written(codec.decode(submission.request()), true, warnings);
    }

    /** A clash names the referral that holds the identifier only to a caller who may read that referral. */
    private DuplicateReferral namedIfVisible(DuplicateReferral clash, Caller caller) {
        return clash.existingReferralId().filter(existing -> access.visibleAmong(caller, Set.of("ServiceRequest/" + existing)).isEmpty())
                .map(hidden -> new DuplicateReferral(List.of(clash.identifier()))).orElse(clash);
    }

    /**
     * Locks the patients of the requests among {@code written}, in one order: a transaction that writes requests for
     * several patients then never waits for another that holds one of them while waiting for its own.
     */
    public void lockPatientsOf(List<Resource> written) {
        written.stream().filter(ServiceRequest.class::isInstance).map(resource -> patientOf((ServiceRequest) resource))
                .flatMap(Optional::stream).distinct().sorted().forEach(this::lockPatient);
    }

    /**
     * A patient's requests are written one at a time (checked beforehand, at the same time). Two referrals written at
     * once would otherwise both read the patient's episode, and the second write would drop the first one's link or
     * open a second episode; both would also add the same parties to the patient.
     */
    private void lockPatient(String patient) {
        resources.lock("Patient", References.idOf(patient, "Patient"));
    }

    private static Optional<String> patientOf(ServiceRequest request) {
        return References.relative(request.getSubject()).filter(subject -> subject.startsWith("Patient/"));
    }

    /** The sender, the performers, and the patient's involvement with both. */
    private void involveInRequest(String reference, String sender, ServiceRequest request) {
        Set<String> receivers = organizations.of(request.getPerformer());
        if (sender != null) {
            access.involve(reference, Set.of(sender), Relation.SENDER);
        }
        access.involve(reference, receivers, Relation.RECEIVER);
        References.relative(request.getSubject()).filter(subject -> subject.startsWith("Patient/")).ifPresent(patient -> {
            access.involve(patient, receivers, Relation.INVOLVED);
            if (sender != null) {
                access.involve(patient, Set.of(sender), Relation.INVOLVED);
            }
        });
    }

    /** A task has its request's parties, and its owner receives it. */
    private void involveInTask(String reference, String request, Task task) {
        access.involveAs(reference, request);
        access.involve(reference, organizations.of(List.of(task.getOwner())), Relation.RECEIVER);
    }

    /** The organization that records a patient, and the patient's GP practice. */
    private void involveInPatient(String reference, Patient patient, Caller caller) {
        Set<String> involved = organizations.of(patient.getGeneralPractitioner());
        if (caller.organization() != null) {
            involved.add(caller.organization());
        }
        access.involve(reference, involved, Relation.INVOLVED);
    }

    private static String reference(Written written) {
        return written.resource().fhirType() + "/" + written.resource().getIdElement().getIdPart();
    }

    private void check(Resource resource, Caller caller) {
        storableText.check(resource);
        attachmentLimits.check(resource);
        validator.check(resource);
        referenceCheck.check(resource, caller);
        if (resource instanceof Patient patient) {
            List<Identifier> identifiers = patient.getIdentifier();
            for (int i = 0; i < identifiers.size(); i++) {
                if (Bsn.SYSTEM.equals(identifiers.get(i).getSystem()) && !Bsn.isValid(identifiers.get(i).getValue())) {
                    throw new RuleViolation("Patient.identifier[" + i + "].value", Bsn.whyInvalid(identifiers.get(i).getValue()));
                }
            }
        }
    }

    private Written created(StoredResource stored) {
        return new Written(codec.decode(stored), true);
    }

    /** This bean through its CDI proxy, so that a call from a method without a transaction starts one. */
    private ResourceWriter self() {
        return jakarta.enterprise.inject.spi.CDI.current().select(ResourceWriter.class).get();
    }

    private Optional<Resource> findSingleMatch(String type, String conditionalUrl, Caller caller) {
        String query = conditionalUrl.contains("?") ? conditionalUrl.substring(conditionalUrl.indexOf('?') + 1) : conditionalUrl;
        Map<String, String[]> parameters = UrlUtil.parseQueryString(query);
        if (parameters.isEmpty()) {
            throw new InvalidRequestException("If-None-Exist '" + conditionalUrl + "' has no search parameters");
        }
        SearchRequest search;
        try {
            search = SearchRequest.parse(type, parameters, searchParameters);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("If-None-Exist: " + e.getMessage());
        }
        List<Resource> matches = reader.search(reader.visibleTo(caller, search.query()), 0, 2);
        if (matches.size() > 1) {
            throw new PreconditionFailedException("If-None-Exist '" + conditionalUrl + "' matches more than one " + type);
        }
        return matches.stream().findFirst();
    }
}
