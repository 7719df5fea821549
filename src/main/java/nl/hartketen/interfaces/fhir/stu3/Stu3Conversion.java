package nl.hartketen.interfaces.fhir.stu3;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.convertors.factory.VersionConvertorFactory_30_40;
import org.hl7.fhir.dstu3.model.OperationOutcome;
import org.hl7.fhir.dstu3.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.dstu3.model.OperationOutcome.IssueType;
import org.hl7.fhir.dstu3.model.ReferralRequest;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * STU3 resources as we store them (R4), and stored resources as an STU3 client sees them, only where nothing is lost:
 * each conversion is converted back and compared with what it came from ({@link Differences}). What does not survive
 * is refused with the element paths named, never dropped.
 */
final class Stu3Conversion {

    /** The STU3 types the endpoint serves and the R4 types they are stored as. */
    static final Map<String, String> STORED_AS = Map.of(
            ReferralRequestMapping.STU3_TYPE,
            ReferralRequestMapping.R4_TYPE,
            "Patient",
            "Patient",
            "Organization",
            "Organization",
            "Practitioner",
            "Practitioner");

    private final FhirContext stu3;
    private final ReferralRequestMapping referrals;
    private final Differences stu3Differences;
    private final Differences r4Differences;

    Stu3Conversion(FhirContext stu3, FhirContext r4, ReferralRequestMapping.Roles roles) {
        this.stu3 = stu3;
        this.referrals = new ReferralRequestMapping(roles);
        this.stu3Differences = new Differences(stu3);
        this.r4Differences = new Differences(r4);
    }

    /**
     * @throws UnprocessableEntityException (422) naming every element of {@code incoming} that R4 cannot carry
     */
    Resource toR4(org.hl7.fhir.dstu3.model.Resource incoming) {
        String type = incoming.fhirType();
        Resource converted;
        Set<String> lost;
        try {
            converted = convert(incoming);
            lost = stu3Differences.between(incoming, convert(converted));
        } catch (FHIRException | IllegalArgumentException unconvertible) {
            throw new UnprocessableEntityException(
                    stu3,
                    outcome(
                            IssueType.NOTSUPPORTED,
                            type + " cannot be converted to R4: " + unconvertible.getMessage(),
                            type));
        }
        if (!lost.isEmpty()) {
            OperationOutcome outcome = new OperationOutcome();
            lost.forEach(path -> issue(
                    outcome,
                    IssueType.NOTSUPPORTED,
                    path + " has no place in the R4 " + STORED_AS.get(type) + " that Hartketen stores a " + type
                            + " as, so it would be lost; leave it out, or send the resource as R4 to /fhir",
                    path));
            throw new UnprocessableEntityException(stu3, outcome);
        }
        return converted;
    }

    /**
     * @throws NotExpressible when STU3 cannot show all of {@code stored}
     */
    org.hl7.fhir.dstu3.model.Resource toStu3(Resource stored) {
        String reference = stored.fhirType() + "/" + stored.getIdElement().getIdPart();
        try {
            org.hl7.fhir.dstu3.model.Resource shown = convert(stored);
            Set<String> lost = r4Differences.between(stored, convert(shown));
            if (!lost.isEmpty()) {
                throw new NotExpressible(reference, String.join(", ", lost) + " cannot be shown in STU3");
            }
            shown.setIdElement(new org.hl7.fhir.dstu3.model.IdType(
                    shown.fhirType(), stored.getIdElement().getIdPart(), versionOf(stored)));
            return shown;
        } catch (FHIRException | IllegalArgumentException unconvertible) {
            throw new NotExpressible(reference, unconvertible.getMessage());
        }
    }

    private static String versionOf(Resource stored) {
        return stored.getIdElement().hasVersionIdPart()
                ? stored.getIdElement().getVersionIdPart()
                : stored.getMeta().getVersionId();
    }

    /** An answer of the STU3 endpoint as the stored resources it shows (for the audit trail). */
    IBaseResource asStored(IBaseResource answer) {
        if (answer instanceof org.hl7.fhir.dstu3.model.Bundle bundle) {
            Bundle stored = new Bundle();
            bundle.getEntry().stream()
                    .map(org.hl7.fhir.dstu3.model.Bundle.BundleEntryComponent::getResource)
                    .filter(resource -> resource != null && STORED_AS.containsKey(resource.fhirType()))
                    .forEach(resource -> stored.addEntry().setResource(convert(resource)));
            return stored;
        }
        return answer instanceof org.hl7.fhir.dstu3.model.Resource resource
                        && STORED_AS.containsKey(resource.fhirType())
                ? convert(resource)
                : answer;
    }

    /** The R4 type an STU3 type is stored as; another type as it is. */
    String storedType(String type) {
        return STORED_AS.getOrDefault(type, type);
    }

    /** Our R4 OperationOutcomes as STU3 ones; STU3 ones as they are. */
    IBaseOperationOutcome inStu3(IBaseOperationOutcome outcome) {
        return outcome instanceof org.hl7.fhir.r4.model.OperationOutcome r4
                ? (IBaseOperationOutcome) VersionConvertorFactory_30_40.convertResource(r4)
                : outcome;
    }

    private Resource convert(org.hl7.fhir.dstu3.model.Resource resource) {
        return resource instanceof ReferralRequest referral
                ? referrals.toR4(referral)
                : VersionConvertorFactory_30_40.convertResource(resource);
    }

    private org.hl7.fhir.dstu3.model.Resource convert(Resource resource) {
        return resource instanceof ServiceRequest request
                ? referrals.toStu3(request)
                : VersionConvertorFactory_30_40.convertResource(resource);
    }

    static OperationOutcome outcome(IssueType type, String message, String location) {
        return issue(new OperationOutcome(), type, message, location);
    }

    private static OperationOutcome issue(OperationOutcome outcome, IssueType type, String message, String location) {
        outcome.addIssue()
                .setSeverity(IssueSeverity.ERROR)
                .setCode(type)
                .setDiagnostics(message)
                .addExpression(location)
                .addLocation(location);
        return outcome;
    }

    /** A stored resource that STU3 cannot show without losing part of it. */
    static final class NotExpressible extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final String reference;

        NotExpressible(String reference, String what) {
            super(reference + ": " + what + "; read it as R4 at /fhir/" + reference);
            this.reference = reference;
        }

        String reference() {
            return reference;
        }
    }
}
