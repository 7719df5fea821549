package nl.hartketen.testsupport;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * MicroProfile Config for {@link WritePipeline}: every {@code @ConfigProperty} gets its declared default, as the server
 * does when nothing is configured (the tests run the shipped configuration). A property without a default is unset.
 */
@Dependent
class ConfigDefaults {

    @Produces
    @ConfigProperty
    static String string(InjectionPoint point) {
        return declaredDefault(point)
                .orElseThrow(() -> new IllegalStateException(
                        "no default for " + property(point).name() + ": give the injection point an Optional"));
    }

    @Produces
    @ConfigProperty
    static Optional<String> optional(InjectionPoint point) {
        return declaredDefault(point);
    }

    @Produces
    @ConfigProperty
    static Integer integer(InjectionPoint point) {
        return Integer.valueOf(string(point));
    }

    @Produces
    @ConfigProperty
    static Long longValue(InjectionPoint point) {
        return Long.valueOf(string(point));
    }

    @Produces
    @ConfigProperty
    static Boolean bool(InjectionPoint point) {
        return Boolean.valueOf(string(point));
    }

    @Produces
    @ConfigProperty
    static Duration duration(InjectionPoint point) {
        return Duration.parse(string(point));
    }

    private static Optional<String> declaredDefault(InjectionPoint point) {
        String value = property(point).defaultValue();
        return ConfigProperty.UNCONFIGURED_VALUE.equals(value) ? Optional.empty() : Optional.of(value);
    }

    private static ConfigProperty property(InjectionPoint point) {
        return point.getQualifiers().stream()
                .filter(ConfigProperty.class::isInstance)
                .map(ConfigProperty.class::cast)
                .findFirst()
                .orElseThrow();
    }
}
