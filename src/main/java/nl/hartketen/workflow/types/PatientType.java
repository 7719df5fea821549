package nl.hartketen.workflow.types;

import static nl.hartketen.workflow.search.IndexValues.Part;
import static nl.hartketen.workflow.search.IndexValues.code;
import static nl.hartketen.workflow.search.IndexValues.date;
import static nl.hartketen.workflow.search.IndexValues.identifiers;
import static nl.hartketen.workflow.search.IndexValues.names;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.access.Relation;
import nl.hartketen.domain.patient.Bsn;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.workflow.resource.Organizations;
import nl.hartketen.workflow.search.SearchParameters;
import nl.hartketen.workflow.validation.ProfileValidator;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

/** A patient, recorded by the organization that writes it; the BSN is checked and unique. */
@ApplicationScoped
public class PatientType extends StoredType<Patient> {

    public PatientType() {
        super(Patient.class);
    }

    @Override
    public void defineSearch(SearchParameters.Builder<Patient> search) {
        search.token(
                        "identifier",
                        "A patient identifier, e.g. http://fhir.nl/fhir/NamingSystem/bsn|999999990",
                        p -> identifiers("identifier", p.getIdentifier()))
                .string("family", "A portion of the family name", p -> names("family", p.getName(), Part.FAMILY))
                .string("given", "A portion of a given name", p -> names("given", p.getName(), Part.GIVEN))
                .string("name", "A portion of any part of the name", p -> names("name", p.getName(), Part.ANY))
                .date("birthdate", "The patient's date of birth", p -> date("birthdate", p.getBirthDateElement()))
                .token("gender", "Gender (administrative-gender)", p -> code("gender", p.getGenderElement()));
    }

    @Inject
    private Organizations organizations;

    @Override
    public Optional<String> profile() {
        return Optional.of(ProfileValidator.PROFILE_BASE + "hartketen-patient");
    }

    @Override
    public Optional<String> patientOf(Patient patient) {
        return Optional.of("Patient/" + patient.getIdElement().getIdPart());
    }

    /** A BSN must pass the eleven test; the organization that records the patient and the patient's GP practice are involved. */
    @Override
    protected AfterStore rules(Patient patient, Caller caller) {
        List<Identifier> identifiers = patient.getIdentifier();
        for (int i = 0; i < identifiers.size(); i++) {
            if (Bsn.SYSTEM.equals(identifiers.get(i).getSystem())
                    && !Bsn.isValid(identifiers.get(i).getValue())) {
                throw new RuleViolation(
                        "Patient.identifier[" + i + "].value",
                        Bsn.whyInvalid(identifiers.get(i).getValue()));
            }
        }
        return reference -> {
            Set<String> involved = organizations.of(patient.getGeneralPractitioner());
            if (caller.organization() != null) {
                involved.add(caller.organization());
            }
            access.involve(reference, involved, Relation.INVOLVED);
        };
    }
}
