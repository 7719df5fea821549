package nl.hartketen.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * All container tests against one deployment: Payara Micro starts once per database run instead of once per test
 * class (each start cost about a minute with the validator's warm-up). The tests live in the {@code *Tests} classes;
 * each is a nested class here. Nested classes have no deployment of their own, so Arquillian runs them as clients of
 * this one; they reach it at its fixed address ({@link ContainerTest#base}). The tests share one database, so each
 * makes its own parties and data.
 */
@ExtendWith({TestDatabase.class, OpenPortAtBoot.class, ArquillianExtension.class})
class ApplicationIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.application();
    }

    @Nested
    class FhirApi extends FhirApiTests {}

    @Nested
    class ReferralWorkflow extends ReferralWorkflowTests {}

    @Nested
    class Security extends SecurityTests {}

    @Nested
    class AccessMatrix extends AccessMatrixTests {}

    @Nested
    class Chain extends ChainTests {}

    @Nested
    class Consult extends ConsultTests {}

    @Nested
    class Worklist extends WorklistTests {}

    @Nested
    class Stu3 extends Stu3Tests {}

    @Nested
    class Reports extends ReportsTests {}

    @Nested
    class Figures extends FiguresTests {}

    @Nested
    class Dashboard extends DashboardTests {}

    @Nested
    class Generator extends GeneratorTests {}

    @Nested
    class PatientIdentity extends PatientIdentityTests {}

    @Nested
    class Input extends InputTests {}

    @Nested
    class Notification extends NotificationTests {}

    @Nested
    class Telemonitoring extends TelemonitoringTests {}

    @Nested
    class Batch extends BatchTests {}
}
