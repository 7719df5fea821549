package nl.hartketen.domain.shared;

/** The part someone plays in the care chain. */
public enum Role {
    GP,
    CARDIOLOGIST,
    COORDINATOR,
    ADMIN,
    /** The application itself (loading demo data, start-up work): never a person. */
    SYSTEM
}
