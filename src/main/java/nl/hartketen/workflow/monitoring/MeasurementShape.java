package nl.hartketen.workflow.monitoring;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.hartketen.domain.monitoring.Measurement;
import nl.hartketen.domain.monitoring.MeasurementRefused;
import nl.hartketen.domain.monitoring.VitalSign;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;

/**
 * The shape a home measurement must have, checked element by element: what the HL7 validator would check of it and
 * more (the vital signs' LOINC codes, UCUM units, plausible ranges, the device, the time), at a fraction of its cost.
 * An Observation carries no reference but its patient and its enrolment, which the enrolment checks, and the device as
 * a logical reference (devices are not stored here); anything that would need checking elsewhere is refused.
 */
final class MeasurementShape {

    static final String VITAL_SIGNS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    /** How far a device's clock may run ahead of ours. */
    private static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofMinutes(5);

    private MeasurementShape() {}

    /** The platform's identifier of the measurement: a resend carries the same. */
    static nl.hartketen.domain.shared.Identifier identifier(Observation observation) {
        List<Identifier> identifiers = observation.getIdentifier().stream()
                .filter(id -> id.hasSystem() && id.hasValue())
                .toList();
        if (identifiers.size() != 1 || observation.getIdentifier().size() != 1) {
            throw new MeasurementRefused(
                    "Observation.identifier",
                    "a measurement carries exactly one identifier with a system and a value, the platform's own:"
                            + " a resent measurement is recognised by it and not stored twice");
        }
        return new nl.hartketen.domain.shared.Identifier(
                identifiers.get(0).getSystem(), identifiers.get(0).getValue());
    }

    /** The measurements the Observation holds (two for a blood pressure), each checked. */
    static List<Measurement> measurements(Observation observation, Instant now) {
        refuseUnchecked(observation);
        if (observation.getStatus() != Observation.ObservationStatus.FINAL
                && observation.getStatus() != Observation.ObservationStatus.AMENDED
                && observation.getStatus() != Observation.ObservationStatus.CORRECTED) {
            throw new MeasurementRefused(
                    "Observation.status",
                    "a measurement is final (or amended, corrected), not "
                            + (observation.getStatus() == null
                                    ? "absent"
                                    : observation.getStatus().toCode()));
        }
        boolean vitalSign = observation.getCategory().stream()
                .flatMap(category -> category.getCoding().stream())
                .anyMatch(coding ->
                        VITAL_SIGNS_CATEGORY.equals(coding.getSystem()) && "vital-signs".equals(coding.getCode()));
        if (!vitalSign) {
            throw new MeasurementRefused(
                    "Observation.category",
                    "a home measurement has the category " + VITAL_SIGNS_CATEGORY + "|vital-signs");
        }
        Instant at = measuredAt(observation, now);
        device(observation);
        String code = loinc(observation.getCode().getCoding(), "Observation.code");
        if (VitalSign.BLOOD_PRESSURE_PANEL.equals(code)) {
            return bloodPressure(observation, at);
        }
        VitalSign sign = VitalSign.forLoinc(code).orElseThrow();
        if (observation.hasComponent()) {
            throw new MeasurementRefused("Observation.component", sign.display() + " has no components");
        }
        if (!observation.hasValueQuantity()) {
            throw new MeasurementRefused(
                    "Observation.value[x]", sign.display() + " is a valueQuantity in UCUM '" + sign.unit() + "'");
        }
        return List.of(quantity(sign, observation.getValueQuantity(), at, "Observation.valueQuantity"));
    }

    private static List<Measurement> bloodPressure(Observation observation, Instant at) {
        if (observation.hasValue()) {
            throw new MeasurementRefused(
                    "Observation.value[x]", "a blood pressure panel carries its values in its two components");
        }
        List<Measurement> measured = new ArrayList<>();
        for (int i = 0; i < observation.getComponent().size(); i++) {
            Observation.ObservationComponentComponent component =
                    observation.getComponent().get(i);
            String location = "Observation.component[" + i + "]";
            VitalSign sign = VitalSign.forLoinc(loinc(component.getCode().getCoding(), location + ".code"))
                    .filter(found -> found == VitalSign.SYSTOLIC_PRESSURE || found == VitalSign.DIASTOLIC_PRESSURE)
                    .orElseThrow(() -> new MeasurementRefused(
                            location + ".code",
                            "a blood pressure's components are systolic (8480-6) and diastolic"
                                    + " (8462-4) pressure"));
            if (!component.hasValueQuantity()) {
                throw new MeasurementRefused(location + ".value[x]", sign.display() + " is a valueQuantity");
            }
            if (measured.stream().anyMatch(earlier -> earlier.sign() == sign)) {
                throw new MeasurementRefused(location + ".code", sign.display() + " is given twice");
            }
            measured.add(quantity(sign, component.getValueQuantity(), at, location + ".valueQuantity"));
        }
        if (measured.size() != 2) {
            throw new MeasurementRefused(
                    "Observation.component", "a blood pressure has a systolic and a diastolic component");
        }
        double systolic = value(measured, VitalSign.SYSTOLIC_PRESSURE);
        double diastolic = value(measured, VitalSign.DIASTOLIC_PRESSURE);
        if (systolic <= diastolic) {
            throw new MeasurementRefused(
                    "Observation.component",
                    "the systolic pressure (" + systolic + ") is above the diastolic (" + diastolic
                            + "): check the device");
        }
        return measured;
    }

    private static double value(List<Measurement> measured, VitalSign sign) {
        return measured.stream()
                .filter(m -> m.sign() == sign)
                .findFirst()
                .orElseThrow()
                .value();
    }

    private static Measurement quantity(VitalSign sign, Quantity quantity, Instant at, String location) {
        if (!quantity.hasValue() || quantity.hasComparator()) {
            throw new MeasurementRefused(location + ".value", sign.display() + " needs an exact value");
        }
        return sign.measured(quantity.getValue().doubleValue(), quantity.getSystem(), quantity.getCode(), at, location);
    }

    /** The LOINC code of one of our vital signs (or the blood pressure panel) among the codings. */
    private static String loinc(List<Coding> codings, String location) {
        return codings.stream()
                .filter(coding -> VitalSign.LOINC.equals(coding.getSystem()))
                .map(Coding::getCode)
                .filter(code -> VitalSign.BLOOD_PRESSURE_PANEL.equals(code)
                        || VitalSign.forLoinc(code).isPresent())
                .findFirst()
                .orElseThrow(() -> new MeasurementRefused(
                        location,
                        "a home measurement is coded with LOINC (" + VitalSign.LOINC + "): body weight 29463-7,"
                                + " blood pressure panel 85354-9, heart rate 8867-4 or oxygen saturation 59408-5"));
    }

    /** When it was measured: to the second, with a time zone, not in the future. */
    private static Instant measuredAt(Observation observation, Instant now) {
        if (!observation.hasEffectiveDateTimeType()) {
            throw new MeasurementRefused(
                    "Observation.effective[x]", "a measurement says when it was taken, as effectiveDateTime");
        }
        var effective = observation.getEffectiveDateTimeType();
        if (effective.getPrecision().ordinal() < TemporalPrecisionEnum.SECOND.ordinal()
                || effective.getTimeZone() == null) {
            throw new MeasurementRefused(
                    "Observation.effectiveDateTime",
                    "the time of a measurement is given to the second, with its time zone (e.g."
                            + " 2026-12-04T08:15:00+01:00), not " + effective.getValueAsString());
        }
        Instant at = effective.getValue().toInstant();
        if (at.isAfter(now.plus(CLOCK_SKEW))) {
            throw new MeasurementRefused(
                    "Observation.effectiveDateTime",
                    "the measurement is dated in the future (" + effective.getValueAsString() + "): check the"
                            + " device's clock");
        }
        return at;
    }

    /** The measuring device, identified by its serial number: devices are not stored here, so no literal reference. */
    private static void device(Observation observation) {
        if (!observation.hasDevice()
                || !observation.getDevice().getIdentifier().hasSystem()
                || !observation.getDevice().getIdentifier().hasValue()) {
            throw new MeasurementRefused(
                    "Observation.device",
                    "a measurement names its device by identifier (system and serial number), e.g. {\"identifier\":"
                            + " {\"system\": \"urn:oid:…\", \"value\": \"SN-1234\"}, \"display\": \"Scale X\"}");
        }
        if (observation.getDevice().hasReference()) {
            throw new MeasurementRefused(
                    "Observation.device.reference",
                    "devices are not stored here: name the device by its identifier only");
        }
    }

    /** Elements that would point elsewhere or change the meaning, which nothing here checks or reads. */
    private static void refuseUnchecked(Observation observation) {
        List<String> present = new ArrayList<>();
        if (observation.hasImplicitRules()) present.add("implicitRules");
        if (observation.hasContained()) present.add("contained");
        if (observation.hasModifierExtension()) present.add("modifierExtension");
        if (observation.hasExtension()) present.add("extension");
        if (observation.hasPartOf()) present.add("partOf");
        if (observation.hasFocus()) present.add("focus");
        if (observation.hasEncounter()) present.add("encounter");
        if (observation.hasPerformer()) present.add("performer");
        if (observation.hasSpecimen()) present.add("specimen");
        if (observation.hasHasMember()) present.add("hasMember");
        if (observation.hasDerivedFrom()) present.add("derivedFrom");
        if (observation.hasDataAbsentReason()) present.add("dataAbsentReason");
        if (!present.isEmpty()) {
            throw new MeasurementRefused(
                    "Observation." + present.get(0),
                    "a home measurement does not carry " + String.join(", ", present)
                            + ": it has identifier, status, category, code, subject, basedOn (the enrolment),"
                            + " effectiveDateTime, value or components, device, and optionally note, interpretation,"
                            + " method, bodySite and referenceRange");
        }
    }
}
