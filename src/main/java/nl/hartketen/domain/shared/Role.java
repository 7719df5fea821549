package nl.hartketen.domain.shared;

/** The part someone plays in the care chain. */
public enum Role {
    GP,
    CARDIOLOGIST,
    COORDINATOR,
    ADMIN,
    /**
     * A telemonitoring platform's system: sends the home measurements of the patients enrolled with its organization,
     * and sees nothing else.
     */
    MONITORING_PLATFORM,
    /** The application itself (loading demo data, start-up work): never a person. */
    SYSTEM
}
