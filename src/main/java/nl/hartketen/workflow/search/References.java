package nl.hartketen.workflow.search;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

/** Literal references reduced to the form we store and compare: "Type/id". */
public final class References {

    private References() {}

    /** "Patient/1", "http://host/fhir/Patient/1/_history/2" → "Patient/1"; empty for a contained or logical-only reference. */
    public static Optional<String> relative(Reference reference) {
        if (reference == null
                || !reference.hasReference()
                || reference.getReference().startsWith("#")) {
            return Optional.empty();
        }
        return relative(reference.getReference());
    }

    /** The first of {@code references} to a resource of {@code type} ("ServiceRequest"), as "Type/id". */
    public static Optional<String> firstOf(List<Reference> references, String type) {
        return references.stream()
                .map(References::relative)
                .flatMap(Optional::stream)
                .filter(reference -> reference.startsWith(type + "/"))
                .findFirst();
    }

    /** The id in a "Type/id" reference known to be to a {@code type}: ("ServiceRequest/r1", "ServiceRequest") → "r1". */
    public static String idOf(String reference, String type) {
        return reference.substring(type.length() + 1);
    }

    public static Optional<String> relative(String reference) {
        IdType id = new IdType(reference);
        if (!id.hasResourceType() || !id.hasIdPart()) {
            return Optional.empty();
        }
        return Optional.of(id.getResourceType() + "/" + id.getIdPart());
    }
}
