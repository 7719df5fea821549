package nl.hartketen.interfaces.reports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The activity figures' configuration (docs/figures.md): the network's ambition for digital care, and the care path
 * whose access time the annual figures show against its own norm.
 */
@ApplicationScoped
public class FiguresSettings {

    /**
     * The share of contacts that should be digital. The national factsheet's ambition is 25 % fewer physical outpatient
     * visits through digital care: with as many contacts as before, a quarter of them digital.
     */
    @Inject
    @ConfigProperty(name = "hartketen.figures.digital-ambition", defaultValue = "0.25")
    double digitalAmbition;

    /** The care path whose access time the annual figures show: the chest-pain clinic's. */
    @Inject
    @ConfigProperty(name = "hartketen.figures.access-care-path", defaultValue = "chest-pain")
    String accessCarePath;

    /** Its own norm in days: the rapid chest-pain clinic sees patients within 2 weeks. */
    @Inject
    @ConfigProperty(name = "hartketen.figures.access-norm-days", defaultValue = "14")
    int accessNormDays;

    public double digitalAmbition() {
        return digitalAmbition;
    }

    public String accessCarePath() {
        return accessCarePath;
    }

    public int accessNormDays() {
        return accessNormDays;
    }
}
