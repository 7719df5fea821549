package nl.hartketen.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A subscriber's endpoint for the tests: the JDK's HTTP server on loopback, parsing each notification strictly as the
 * Backport IG's R4 notification Bundle. It can answer with another status, slowly, or be stopped and started again on
 * its port.
 */
final class NotificationReceiver {

    /** One event as received: which subscription, its number and id, what it is about, and the resource if sent. */
    record Event(String subscription, long number, String eventId, String focus, Resource resource) {}

    final AtomicInteger status = new AtomicInteger(200);
    final AtomicLong delayMillis = new AtomicLong();
    final AtomicInteger attempts = new AtomicInteger();
    private final FhirContext fhir;
    private final List<Event> received = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private int port;
    private HttpServer server;

    NotificationReceiver(FhirContext fhir) {
        this.fhir = fhir;
    }

    /** Starts listening, on the same port as before after a {@link #stop}. */
    NotificationReceiver start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.createContext("/hook", exchange -> {
            attempts.incrementAndGet();
            try {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Thread.sleep(delayMillis.get());
                if (status.get() == 200) {
                    receive(exchange.getRequestHeaders().getFirst("Content-Type"), body);
                }
            } catch (RuntimeException | InterruptedException e) {
                problems.add(String.valueOf(e));
            }
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
        return this;
    }

    void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    private void receive(String contentType, String body) {
        if (!"application/fhir+json".equals(contentType)) {
            problems.add("Content-Type " + contentType);
            return;
        }
        IParser strict = fhir.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        Bundle bundle = strict.parseResource(Bundle.class, body);
        if (bundle.getType() != Bundle.BundleType.HISTORY) {
            problems.add("type " + bundle.getType());
        }
        Parameters status = (Parameters) bundle.getEntryFirstRep().getResource();
        Parameters.ParametersParameterComponent event = status.getParameter("notification-event");
        Bundle.BundleEntryComponent focusEntry =
                bundle.getEntry().size() > 1 ? bundle.getEntry().get(1) : null;
        received.add(new Event(
                ((Reference) status.getParameter("subscription").getValue()).getReference(),
                Long.parseLong(part(event, "event-number").primitiveValue()),
                bundle.getIdElement().getIdPart(),
                event.getPart().stream()
                        .filter(part -> part.getName().equals("focus"))
                        .map(part -> ((Reference) part.getValue()).getReference())
                        .findFirst()
                        .orElse(""),
                focusEntry == null ? null : focusEntry.getResource()));
    }

    private static org.hl7.fhir.r4.model.Type part(Parameters.ParametersParameterComponent event, String name) {
        return event.getPart().stream()
                .filter(part -> part.getName().equals(name))
                .findFirst()
                .orElseThrow()
                .getValue();
    }

    /** Everything received, in the order it arrived. */
    List<Event> events() {
        assertTrue(problems.isEmpty(), "the receiver had problems: " + problems);
        return received;
    }

    /**
     * Waits for {@code count} distinct events about {@code focus} ("Type/id"), by event number, and returns them in
     * number order. An event received twice (at least once allows it) must carry the same event id both times.
     */
    List<Event> awaitFocus(String focus, int count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (distinct(focus).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " events about " + focus + ", received " + events());
            }
            Thread.sleep(100);
        }
        return List.copyOf(distinct(focus).values());
    }

    private Map<Long, Event> distinct(String focus) {
        Map<Long, Event> byNumber = new TreeMap<>();
        for (Event event : events()) {
            if (event.focus().startsWith(focus + "/")) {
                Event earlier = byNumber.putIfAbsent(event.number(), event);
                if (earlier != null) {
                    assertEquals(earlier.eventId(), event.eventId(), "event " + event.number() + " came with two ids");
                }
            }
        }
        return byNumber;
    }

    /** In the order they arrived, event numbers never go back (a repeat may arrive, with its own number). */
    void assertArrivedInOrder() {
        List<Long> numbers = events().stream().map(Event::number).toList();
        for (int i = 1; i < numbers.size(); i++) {
            assertTrue(numbers.get(i) >= numbers.get(i - 1), "arrived out of order: " + numbers);
        }
    }

    /** No version was announced as two events: a repeat is the same event (same number, same id), never a new one. */
    void assertOneEventPerVersion() {
        Map<String, Long> numberOfVersion = new HashMap<>();
        for (Event event : events()) {
            Long earlier = numberOfVersion.putIfAbsent(event.focus(), event.number());
            if (earlier != null) {
                assertEquals(earlier, event.number(), event.focus() + " announced as two events");
            }
        }
    }
}
