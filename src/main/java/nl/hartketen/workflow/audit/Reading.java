package nl.hartketen.workflow.audit;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a request reads, in the audit trail's words, said by the code that knows it as soon as it does; the face's
 * audit filter or interceptor writes the request's one entry from it, however the request ends.
 */
public final class Reading {

    private final String what;
    private List<String> resources = List.of();
    private final Set<String> patients = new LinkedHashSet<>();

    /** @param what the figures or records read, as the entry names them ("network-census") */
    public Reading(String what) {
        this.what = what;
    }

    /** The resource read ("Organization/hartnet"), replacing the one said before; null: none named. */
    public Reading of(String resource) {
        resources = resource == null ? List.of() : List.of(resource);
        return this;
    }

    /** A patient whose data was shown. */
    public Reading aboutPatient(String patient) {
        if (patient != null) {
            patients.add(patient);
        }
        return this;
    }

    /** The entry of the request, once it has ended so. */
    public Access ended(Access.Outcome outcome, String detail) {
        return new Access("read", what, "R", resources, Set.copyOf(patients), null, outcome, detail);
    }
}
