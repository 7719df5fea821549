package nl.hartketen.workflow.notification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import nl.hartketen.application.notification.DeliveryPolicy;
import nl.hartketen.application.notification.Endpoints;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Notification settings (docs/notifications.md): {@code hartketen.notifications.first-retry} (PT5S),
 * {@code .longest-retry} (PT10M), {@code .failures-before-error} (12) and {@code .http-allowed-hosts} (none: plain
 * http only to loopback).
 */
@ApplicationScoped
public class NotificationSettings {

    @Inject
    @ConfigProperty(name = "hartketen.notifications.first-retry", defaultValue = "PT5S")
    Duration firstRetry;

    @Inject
    @ConfigProperty(name = "hartketen.notifications.longest-retry", defaultValue = "PT10M")
    Duration longestRetry;

    @Inject
    @ConfigProperty(name = "hartketen.notifications.failures-before-error", defaultValue = "12")
    int failuresBeforeError;

    @Inject
    @ConfigProperty(name = "hartketen.notifications.http-allowed-hosts")
    Optional<String> httpAllowedHosts;

    /** Dependent: records cannot be proxied, and they are cheap to make. */
    @Produces
    DeliveryPolicy deliveryPolicy() {
        return new DeliveryPolicy(firstRetry, longestRetry, failuresBeforeError);
    }

    @Produces
    Endpoints endpoints() {
        return new Endpoints(httpAllowedHosts.stream()
                .flatMap(hosts -> Arrays.stream(hosts.split(",")))
                .map(String::trim)
                .filter(host -> !host.isEmpty())
                .collect(Collectors.toSet()));
    }
}
