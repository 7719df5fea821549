package nl.hartketen.infrastructure.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import nl.hartketen.application.notification.RestHook;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Rest-hook deliveries with the JDK's HTTP client. Redirects are not followed: a notification goes to the endpoint the
 * subscription names and nowhere else. The answer must come within {@code hartketen.notifications.timeout}.
 */
@ApplicationScoped
public class HttpRestHook implements RestHook {

    private Duration timeout;
    private HttpClient client;

    protected HttpRestHook() {
        // for CDI
    }

    @Inject
    public HttpRestHook(
            @ConfigProperty(name = "hartketen.notifications.timeout", defaultValue = "PT10S") Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Answer post(String endpoint, List<String> headers, String contentType, byte[] body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint))
                    .timeout(timeout)
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : headers) {
                int colon = header.indexOf(':');
                request.header(
                        header.substring(0, colon).trim(),
                        header.substring(colon + 1).trim());
            }
            int status = client.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            return status / 100 == 2 ? Answer.ok() : Answer.refused("the endpoint answered HTTP " + status);
        } catch (HttpTimeoutException e) {
            return Answer.refused("no answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            return Answer.refused("could not connect to the endpoint");
        } catch (IOException | IllegalArgumentException e) {
            return Answer.refused("delivery failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.refused("delivery interrupted");
        }
    }
}
