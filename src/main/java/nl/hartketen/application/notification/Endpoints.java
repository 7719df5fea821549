package nl.hartketen.application.notification;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where notifications may go: https anywhere; plain http only to this machine (loopback) or to a host on the configured
 * allow-list, since patient events must not cross a network unencrypted.
 */
public record Endpoints(Set<String> httpAllowedHosts) {

    public Endpoints {
        httpAllowedHosts = Set.copyOf(httpAllowedHosts);
    }

    /** Why {@code endpoint} may not receive notifications; empty when it may. */
    public Optional<String> problemWith(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (java.net.URISyntaxException e) {
            return Optional.of("'" + endpoint + "' is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("'" + endpoint + "' is not an absolute http(s) URL with a host");
        }
        if (uri.getUserInfo() != null) {
            return Optional.of("the endpoint may not carry a user name or password; use channel.header");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost()) && !httpAllowedHosts.contains(uri.getHost())) {
            return Optional.of("notifications go over https; plain http only to loopback or a host on"
                    + " hartketen.notifications.http-allowed-hosts");
        }
        return Optional.empty();
    }

    private static boolean isLoopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.equals("[::1]") || name.matches("127(\\.\\d{1,3}){3}");
    }
}
