package nl.hartketen.interfaces.fhir.stu3;

import java.util.Optional;
import java.util.Set;
import nl.hartketen.workflow.search.References;
import org.hl7.fhir.convertors.factory.VersionConvertorFactory_30_40;
import org.hl7.fhir.dstu3.model.ReferralRequest;
import org.hl7.fhir.dstu3.model.ReferralRequest.ReferralCategory;
import org.hl7.fhir.dstu3.model.ReferralRequest.ReferralPriority;
import org.hl7.fhir.dstu3.model.ReferralRequest.ReferralRequestStatus;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestPriority;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;

/**
 * An STU3 ReferralRequest and our R4 ServiceRequest, element by element. R4 folded ReferralRequest into
 * ServiceRequest and HAPI's 3.0↔4.0 converters have no mapping for it, so this one is ours; data types
 * (references, codings, periods, extensions…) go through HAPI's converters. An element without a place on the other
 * side is simply not copied here: {@link Stu3Conversion} converts back and refuses whatever did not survive.
 *
 * <p>One element needs the directory: STU3 has no PractitionerRole as requester, it names the practitioner as agent
 * and the organization they act for as onBehalfOf. A PractitionerRole requester is shown that way, and an agent with
 * onBehalfOf is stored as the one PractitionerRole of that practitioner at that organization.
 */
final class ReferralRequestMapping {

    /** The PractitionerRoles of the directory. */
    interface Roles {

        /** The practitioner and organization of a PractitionerRole ("PractitionerRole/id"), if it is known. */
        Optional<Role> of(String role);

        /** The one PractitionerRole of {@code practitioner} at {@code organization} ("Practitioner/id", "Organization/id"). */
        Optional<String> of(String practitioner, String organization);
    }

    record Role(String practitioner, String organization) {}

    /** Where STU3 names a referral ReferralRequest, R4 names it ServiceRequest (basedOn, replaces, search values). */
    static final String STU3_TYPE = "ReferralRequest";

    static final String R4_TYPE = "ServiceRequest";

    // What an STU3 ReferralRequest may point at; R4 also allows PractitionerRole, CareTeam, DocumentReference, …
    private static final Set<String> STU3_REQUESTERS =
            Set.of("Practitioner", "Organization", "Patient", "RelatedPerson", "Device");
    private static final Set<String> STU3_RECIPIENTS = Set.of("Practitioner", "Organization", "HealthcareService");
    private static final Set<String> STU3_REASONS = Set.of("Condition", "Observation");
    private static final Set<String> STU3_INTENTS = Set.of("proposal", "plan", "order");

    private final Roles roles;

    ReferralRequestMapping(Roles roles) {
        this.roles = roles;
    }

    ServiceRequest toR4(ReferralRequest source) {
        ServiceRequest target = new ServiceRequest();
        if (source.getIdElement().hasIdPart()) {
            target.setId(source.getIdElement().getIdPart());
        }
        if (source.hasImplicitRules()) {
            target.setImplicitRules(source.getImplicitRules());
        }
        if (source.hasLanguage()) {
            target.setLanguage(source.getLanguage());
        }
        if (source.hasText()) {
            target.setText(r4(source.getText()));
        }
        source.getMeta().getTag().forEach(tag -> target.getMeta().addTag(r4(tag)));
        source.getMeta().getSecurity().forEach(label -> target.getMeta().addSecurity(r4(label)));
        source.getExtension().forEach(extension -> target.addExtension(r4(extension)));
        source.getModifierExtension().forEach(extension -> target.addModifierExtension(r4(extension)));
        source.getIdentifier().forEach(identifier -> target.addIdentifier(r4(identifier)));
        source.getBasedOn().forEach(reference -> target.addBasedOn(renamed(r4(reference), STU3_TYPE, R4_TYPE)));
        source.getReplaces().forEach(reference -> target.addReplaces(renamed(r4(reference), STU3_TYPE, R4_TYPE)));
        if (source.hasGroupIdentifier()) {
            target.setRequisition(r4(source.getGroupIdentifier()));
        }
        if (source.hasStatus()) {
            target.setStatus(ServiceRequestStatus.fromCode(
                    switch (source.getStatus()) {
                        case SUSPENDED -> "on-hold";
                        case CANCELLED -> "revoked";
                        default -> source.getStatus().toCode();
                    }));
        }
        if (source.hasIntent()) {
            target.setIntent(ServiceRequestIntent.fromCode(source.getIntent().toCode()));
        }
        if (source.hasType()) {
            target.addCategory(r4(source.getType()));
        }
        if (source.hasPriority()) {
            target.setPriority(
                    ServiceRequestPriority.fromCode(source.getPriority().toCode()));
        }
        if (source.getServiceRequested().size() == 1) {
            target.setCode(r4(source.getServiceRequestedFirstRep()));
        }
        if (source.hasSubject()) {
            target.setSubject(r4(source.getSubject()));
        }
        if (source.hasContext()
                && "Encounter".equals(source.getContext().getReferenceElement().getResourceType())) {
            target.setEncounter(r4(source.getContext()));
        }
        if (source.hasOccurrence()) {
            target.setOccurrence(r4(source.getOccurrence()));
        }
        if (source.hasAuthoredOn()) {
            target.setAuthoredOnElement(r4(source.getAuthoredOnElement()));
        }
        if (source.getRequester().hasAgent()) {
            target.setRequester(requesterInR4(source.getRequester()));
        }
        if (source.hasSpecialty()) {
            target.setPerformerType(r4(source.getSpecialty()));
        }
        source.getRecipient().forEach(recipient -> target.addPerformer(r4(recipient)));
        source.getReasonCode().forEach(reason -> target.addReasonCode(r4(reason)));
        source.getReasonReference().forEach(reason -> target.addReasonReference(r4(reason)));
        source.getSupportingInfo().forEach(info -> target.addSupportingInfo(r4(info)));
        source.getNote().forEach(note -> target.addNote(r4(note)));
        source.getRelevantHistory().forEach(history -> target.addRelevantHistory(r4(history)));
        return target;
    }

    ReferralRequest toStu3(ServiceRequest source) {
        ReferralRequest target = new ReferralRequest();
        if (source.getIdElement().hasIdPart()) {
            target.setId(source.getIdElement().getIdPart());
        }
        if (source.getMeta().hasVersionId()) {
            target.getMeta().setVersionId(source.getMeta().getVersionId());
        }
        if (source.getMeta().hasLastUpdated()) {
            target.getMeta().setLastUpdated(source.getMeta().getLastUpdated());
        }
        if (source.hasImplicitRules()) {
            target.setImplicitRules(source.getImplicitRules());
        }
        if (source.hasLanguage()) {
            target.setLanguage(source.getLanguage());
        }
        if (source.hasText()) {
            target.setText(stu3(source.getText()));
        }
        source.getMeta().getTag().forEach(tag -> target.getMeta().addTag(stu3(tag)));
        source.getMeta().getSecurity().forEach(label -> target.getMeta().addSecurity(stu3(label)));
        source.getExtension().forEach(extension -> target.addExtension(stu3(extension)));
        source.getModifierExtension().forEach(extension -> target.addModifierExtension(stu3(extension)));
        source.getIdentifier().forEach(identifier -> target.addIdentifier(stu3(identifier)));
        source.getBasedOn()
                .forEach(reference -> target.addBasedOn(stu3(renamed(reference.copy(), R4_TYPE, STU3_TYPE))));
        source.getReplaces()
                .forEach(reference -> target.addReplaces(stu3(renamed(reference.copy(), R4_TYPE, STU3_TYPE))));
        if (source.hasRequisition()) {
            target.setGroupIdentifier(stu3(source.getRequisition()));
        }
        if (source.hasStatus()) {
            target.setStatus(ReferralRequestStatus.fromCode(
                    switch (source.getStatus()) {
                        case ONHOLD -> "suspended";
                        case REVOKED -> "cancelled";
                        default -> source.getStatus().toCode();
                    }));
        }
        if (source.hasIntent() && STU3_INTENTS.contains(source.getIntent().toCode())) {
            target.setIntent(ReferralCategory.fromCode(source.getIntent().toCode()));
        }
        if (source.getCategory().size() == 1) {
            target.setType(stu3(source.getCategoryFirstRep()));
        }
        if (source.hasPriority()) {
            target.setPriority(ReferralPriority.fromCode(source.getPriority().toCode()));
        }
        if (source.hasCode()) {
            target.addServiceRequested(stu3(source.getCode()));
        }
        if (source.hasSubject()) {
            target.setSubject(stu3(source.getSubject()));
        }
        if (source.hasEncounter()) {
            target.setContext(stu3(source.getEncounter()));
        }
        if (source.hasOccurrenceDateTimeType() || source.hasOccurrencePeriod()) {
            target.setOccurrence(stu3(source.getOccurrence()));
        }
        if (source.hasAuthoredOn()) {
            target.setAuthoredOnElement(stu3(source.getAuthoredOnElement()));
        }
        if (source.hasRequester()) {
            requesterInStu3(source.getRequester(), target.getRequester());
        }
        if (source.hasPerformerType()) {
            target.setSpecialty(stu3(source.getPerformerType()));
        }
        source.getPerformer().stream()
                .filter(performer -> pointsAtOneOf(performer, STU3_RECIPIENTS))
                .forEach(performer -> target.addRecipient(stu3(performer)));
        source.getReasonCode().forEach(reason -> target.addReasonCode(stu3(reason)));
        source.getReasonReference().stream()
                .filter(reason -> pointsAtOneOf(reason, STU3_REASONS))
                .forEach(reason -> target.addReasonReference(stu3(reason)));
        source.getSupportingInfo().forEach(info -> target.addSupportingInfo(stu3(info)));
        source.getNote().forEach(note -> target.addNote(stu3(note)));
        source.getRelevantHistory().forEach(history -> target.addRelevantHistory(stu3(history)));
        return target;
    }

    private Reference requesterInR4(ReferralRequest.ReferralRequestRequesterComponent requester) {
        Reference agent = r4(requester.getAgent());
        if (!requester.hasOnBehalfOf()) {
            return agent;
        }
        Optional<String> role = References.relative(agent)
                .flatMap(practitioner -> References.relative(r4(requester.getOnBehalfOf()))
                        .flatMap(organization -> roles.of(practitioner, organization)));
        // Without such a role, onBehalfOf has no place: the round trip names it.
        return role.map(found -> new Reference(found).setDisplay(agent.getDisplay()))
                .orElse(agent);
    }

    private void requesterInStu3(Reference requester, ReferralRequest.ReferralRequestRequesterComponent target) {
        Optional<Role> role = References.relative(requester)
                .filter(reference -> reference.startsWith("PractitionerRole/"))
                .flatMap(roles::of);
        if (role.isPresent()) {
            target.setAgent(new org.hl7.fhir.dstu3.model.Reference(role.get().practitioner())
                    .setDisplay(requester.getDisplay()));
            target.setOnBehalfOf(
                    new org.hl7.fhir.dstu3.model.Reference(role.get().organization()));
        } else if (pointsAtOneOf(requester, STU3_REQUESTERS)) {
            target.setAgent(stu3(requester));
        }
    }

    /** A reference without a type (an identifier only) may stand anywhere; a typed one only where the other version allows it. */
    private static boolean pointsAtOneOf(Reference reference, Set<String> types) {
        String type = reference.getReferenceElement().getResourceType();
        return type == null || types.contains(type);
    }

    private static Reference renamed(Reference reference, String from, String to) {
        if (reference.hasReference() && reference.getReference().startsWith(from + "/")) {
            reference.setReference(to + reference.getReference().substring(from.length()));
        }
        return reference;
    }

    @SuppressWarnings("unchecked")
    private static <T extends org.hl7.fhir.r4.model.Type> T r4(org.hl7.fhir.dstu3.model.Type value) {
        return (T) VersionConvertorFactory_30_40.convertType(value);
    }

    @SuppressWarnings("unchecked")
    private static <T extends org.hl7.fhir.dstu3.model.Type> T stu3(org.hl7.fhir.r4.model.Type value) {
        return (T) VersionConvertorFactory_30_40.convertType(value);
    }
}
