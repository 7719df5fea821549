package nl.hartketen.domain.figures;

import java.util.List;

/** What a counted act of care is: a contact, a treatment (procedure) or a diagnostic test. */
public enum ActivityKind {
    CONTACT,
    PROCEDURE,
    DIAGNOSTIC;

    /** The services of CodeSystem cardiology-service that are tests, not treatments, in a heart centre's overview's order. */
    public static final List<String> DIAGNOSTIC_SERVICES =
            List.of("echo", "ergometry", "holter", "ct-coronary", "cardiac-mri");

    /** A performed procedure request or telediagnostics request counts as a diagnostic when its service is a test. */
    public static ActivityKind ofService(String service) {
        return DIAGNOSTIC_SERVICES.contains(service) ? DIAGNOSTIC : PROCEDURE;
    }
}
