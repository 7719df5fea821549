package nl.hartketen.interfaces.reports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.stream.Collectors;
import nl.hartketen.domain.consult.ResponseTarget;
import nl.hartketen.domain.waiting.WaitRules;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The wait rules from configuration: {@code hartketen.reports.inpatient-services}, the services (codes of CodeSystem
 * cardiology-service) whose treatment is inpatient and so has the inpatient Treeknorm (5 / 7 weeks); and the consult
 * response target.
 */
@ApplicationScoped
public class WaitRulesConfiguration {

    @Inject
    @ConfigProperty(name = "hartketen.reports.inpatient-services", defaultValue = "cabg,valve-surgery,tavi")
    String inpatientServices;

    @Inject
    ResponseTarget consultTarget;

    @Produces
    WaitRules waitRules() {
        return new WaitRules(
                Arrays.stream(inpatientServices.split(","))
                        .map(String::trim)
                        .filter(code -> !code.isEmpty())
                        .collect(Collectors.toSet()),
                consultTarget);
    }
}
