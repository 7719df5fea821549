package nl.hartketen.workflow.mapping;

import java.util.List;
import nl.hartketen.domain.referral.ReferralDetails;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.referral.RequestStatus;
import nl.hartketen.domain.shared.Identifier;
import nl.hartketen.workflow.search.References;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ServiceRequest;

/** ServiceRequest → the referral's workflow details. Status and category are explicit switches. */
public final class ServiceRequestMapping {

    public static final String CATEGORY_SYSTEM = "https://hartketen.nl/fhir/CodeSystem/request-category";
    public static final String SNOMED = "http://snomed.info/sct";
    /** SNOMED CT "Patient referral": what Dutch systems send as the category of a referral. */
    public static final String SNOMED_PATIENT_REFERRAL = "3457005";

    private ServiceRequestMapping() {}

    public static ReferralDetails toDetails(ServiceRequest request) {
        return new ReferralDetails(
                identifiers(request),
                category(request.getCategory()),
                status(request.getStatus()),
                References.relative(request.getSubject()).orElse(null),
                References.relative(request.getRequester()).orElse(null),
                request.getPerformer().stream()
                        .map(References::relative)
                        .flatMap(java.util.Optional::stream)
                        .findFirst()
                        .orElse(null),
                request.hasAuthoredOn() ? request.getAuthoredOn().toInstant() : null,
                request.getCode().getCoding().stream()
                        .filter(Coding::hasCode)
                        .map(Coding::getCode)
                        .findFirst()
                        .orElse(null),
                request.hasPriority() ? request.getPriority().toCode() : null,
                References.firstOf(request.getBasedOn(), "ServiceRequest")
                        .map(reference -> References.idOf(reference, "ServiceRequest"))
                        .orElse(null));
    }

    public static List<Identifier> identifiers(ServiceRequest request) {
        return request.getIdentifier().stream()
                .filter(i -> i.hasSystem() && i.hasValue())
                .map(i -> new Identifier(i.getSystem(), i.getValue()))
                .toList();
    }

    /** The first category coding we know; SNOMED 3457005 counts as a referral. */
    public static RequestCategory category(List<CodeableConcept> categories) {
        for (CodeableConcept concept : categories) {
            for (Coding coding : concept.getCoding()) {
                if (CATEGORY_SYSTEM.equals(coding.getSystem())) {
                    RequestCategory category = categoryOf(coding.getCode());
                    if (category != null) {
                        return category;
                    }
                }
                if (SNOMED.equals(coding.getSystem()) && SNOMED_PATIENT_REFERRAL.equals(coding.getCode())) {
                    return RequestCategory.REFERRAL;
                }
            }
        }
        return null;
    }

    private static RequestCategory categoryOf(String code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case "referral" -> RequestCategory.REFERRAL;
            case "meekijkconsult" -> RequestCategory.MEEKIJKCONSULT;
            case "back-referral" -> RequestCategory.BACK_REFERRAL;
            case "telediagnostics" -> RequestCategory.TELEDIAGNOSTICS;
            case "procedure" -> RequestCategory.PROCEDURE;
            case "telemonitoring" -> RequestCategory.TELEMONITORING;
            default -> null;
        };
    }

    public static RequestStatus status(ServiceRequest.ServiceRequestStatus status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case DRAFT -> RequestStatus.DRAFT;
            case ACTIVE -> RequestStatus.ACTIVE;
            case ONHOLD -> RequestStatus.ON_HOLD;
            case REVOKED -> RequestStatus.REVOKED;
            case COMPLETED -> RequestStatus.COMPLETED;
            case ENTEREDINERROR -> RequestStatus.ENTERED_IN_ERROR;
            case UNKNOWN, NULL -> RequestStatus.UNKNOWN;
        };
    }
}
