package nl.hartketen.workflow.types;

import static nl.hartketen.workflow.search.IndexValues.concepts;
import static nl.hartketen.workflow.search.IndexValues.date;
import static nl.hartketen.workflow.search.IndexValues.identifiers;
import static nl.hartketen.workflow.search.IndexValues.references;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.storage.StoredResource;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.workflow.monitoring.Telemonitoring;
import nl.hartketen.workflow.search.SearchParameters;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;

/**
 * Home measurements of telemonitoring, sent by a monitoring platform for the patients enrolled with it. Their shape is
 * checked element by element by {@link Telemonitoring} (codes, units, ranges, device, time, the enrolment), not by the
 * HL7 validator: a platform sends thousands a second, and the validator would be most of their cost. A resend (same
 * identifier of the same platform) gets the stored one back and stores nothing.
 */
@ApplicationScoped
public class ObservationType extends StoredType<Observation> {

    @Inject
    private Telemonitoring monitoring;

    public ObservationType() {
        super(Observation.class);
    }

    @Override
    public Optional<String> documentation() {
        return Optional.of("Home measurements of telemonitoring (body weight, blood pressure, heart rate, oxygen"
                + " saturation), created by monitoring platforms for the patients enrolled with them (basedOn the"
                + " enrolment), one at a time or in a transaction or batch Bundle; a resend with the same identifier returns the"
                + " stored one. Not updated. See docs/telemonitoring.md.");
    }

    @Override
    public void defineSearch(SearchParameters.Builder<Observation> search) {
        search.token(
                        "identifier",
                        "The platform's identifier of the measurement",
                        o -> identifiers("identifier", o.getIdentifier()))
                .reference("subject", "The patient measured", "Patient", o -> references("subject", o.getSubject()))
                .patientOf("subject", "The patient measured")
                .reference(
                        "based-on",
                        "The enrolment in telemonitoring",
                        "ServiceRequest",
                        o -> references("based-on", o.getBasedOn().toArray(new Reference[0])))
                .token(
                        "code",
                        "What was measured (LOINC 29463-7, 85354-9, 8867-4, 59408-5)",
                        o -> concepts("code", List.of(o.getCode())))
                .date("date", "When it was measured", o -> date("date", o.getEffectiveDateTimeType()))
                .include("subject", "subject")
                .include("based-on", "basedOn");
    }

    @Override
    public Optional<String> patientOf(Observation observation) {
        return patientIn(observation.getSubject());
    }

    @Override
    public Written create(Observation observation, String id, boolean taskCarried, Caller caller) {
        Telemonitoring.Checked checked = monitoring.checkMeasurement(observation, caller);
        Optional<String> before = monitoring.storedBefore(checked);
        if (before.isPresent()) {
            return new Written(codec.decode(resources.read(name(), before.get())), false);
        }
        checkStorable(observation);
        StoredResource stored = resources.create(codec.encode(observation, id));
        stored(reference -> monitoring.measured(id, checked), id);
        return new Written(codec.stamped(observation, stored), true);
    }

    @Override
    public StoredResource update(String id, Observation observation, Long expectedVersion, Caller caller) {
        access.requireMayUpdate(caller, name(), id);
        throw new RuleViolation(
                "Observation", "a measurement is not changed once stored: send the correct one as a new measurement");
    }
}
