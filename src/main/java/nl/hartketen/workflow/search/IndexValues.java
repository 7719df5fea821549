package nl.hartketen.workflow.search;

import java.util.ArrayList;
import java.util.List;
import nl.hartketen.application.storage.IndexEntry;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/** The searchable values of common FHIR elements, as index entries of one search parameter. */
public final class IndexValues {

    private IndexValues() {}

    public enum Part {
        FAMILY,
        GIVEN,
        ANY
    }

    public static List<IndexEntry> identifiers(String param, List<Identifier> identifiers) {
        return identifiers.stream()
                .filter(Identifier::hasValue)
                .map(i -> IndexEntry.token(param, i.hasSystem() ? i.getSystem() : null, i.getValue()))
                .toList();
    }

    public static List<IndexEntry> concepts(String param, List<CodeableConcept> concepts) {
        List<IndexEntry> entries = new ArrayList<>();
        for (CodeableConcept concept : concepts) {
            for (Coding coding : concept.getCoding()) {
                if (coding.hasCode()) {
                    entries.add(
                            IndexEntry.token(param, coding.hasSystem() ? coding.getSystem() : null, coding.getCode()));
                }
            }
        }
        return entries;
    }

    public static List<IndexEntry> code(String param, Enumeration<?> code) {
        return code.hasValue()
                ? List.of(IndexEntry.token(param, code.getSystem(), code.getValueAsString()))
                : List.of();
    }

    public static List<IndexEntry> names(String param, List<HumanName> names, Part part) {
        List<IndexEntry> entries = new ArrayList<>();
        for (HumanName name : names) {
            if (part != Part.GIVEN && name.hasFamily()) {
                entries.add(IndexEntry.string(param, name.getFamily()));
            }
            if (part != Part.FAMILY) {
                name.getGiven().forEach(given -> entries.add(IndexEntry.string(param, given.getValue())));
            }
            if (part == Part.ANY && name.hasText()) {
                entries.add(IndexEntry.string(param, name.getText()));
            }
        }
        return entries;
    }

    public static List<IndexEntry> bool(String param, BooleanType value) {
        return value.hasValue() ? List.of(IndexEntry.token(param, null, value.getValueAsString())) : List.of();
    }

    public static List<IndexEntry> date(String param, BaseDateTimeType value) {
        if (!value.hasValue()) {
            return List.of();
        }
        DateRange range = DateRange.parse(value.getValueAsString());
        return List.of(IndexEntry.date(param, range.low(), range.high()));
    }

    public static List<IndexEntry> references(String param, Reference... references) {
        List<IndexEntry> entries = new ArrayList<>();
        for (Reference reference : references) {
            References.relative(reference).ifPresent(value -> entries.add(IndexEntry.reference(param, value)));
        }
        return entries;
    }

    public static List<IndexEntry> references(String param, Reference reference) {
        return references(param, new Reference[] {reference});
    }

    public static List<IndexEntry> patient(String param, Reference reference) {
        return References.relative(reference)
                .filter(value -> value.startsWith("Patient/"))
                .map(value -> List.of(IndexEntry.reference(param, value)))
                .orElse(List.of());
    }
}
