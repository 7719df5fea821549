package nl.hartketen.workflow.consult;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.stream.Collectors;
import nl.hartketen.domain.consult.ResponseTarget;
import nl.hartketen.domain.consult.WorkingDays;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The consult response target from configuration: {@code hartketen.consult.answer-working-days} (3) and
 * {@code hartketen.consult.holidays}, the public holidays that are not working days (all of the Algemene termijnenwet).
 */
@ApplicationScoped
public class ResponseTargetConfiguration {

    @Inject
    @ConfigProperty(name = "hartketen.consult.answer-working-days", defaultValue = "3")
    int answerWorkingDays;

    @Inject
    @ConfigProperty(
            name = "hartketen.consult.holidays",
            defaultValue = "new-years-day,good-friday,easter-sunday,easter-monday,"
                    + "kings-day,liberation-day,ascension-day,whit-sunday,whit-monday,christmas-day,boxing-day")
    String holidays;

    /** Dependent: a record cannot be proxied, and it is cheap to make. */
    @Produces
    ResponseTarget responseTarget() {
        return new ResponseTarget(
                new WorkingDays(Arrays.stream(holidays.split(","))
                        .filter(code -> !code.isBlank())
                        .map(WorkingDays.Holiday::fromCode)
                        .collect(Collectors.toSet())),
                answerWorkingDays);
    }
}
