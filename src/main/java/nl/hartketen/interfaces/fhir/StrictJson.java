package nl.hartketen.interfaces.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.Optional;

/**
 * Refuses JSON that HAPI's parser would accept while losing part of it, even in strict mode: a key given twice
 * (the first value silently lost), an empty array or object, a null. FHIR's JSON rules forbid all of these.
 * Unknown elements and wrong-typed values are refused by the strict parser itself. Also JSON nested deeper than
 * {@value #MAX_DEPTH} arrays and objects, which no resource needs and which HAPI's recursive parsing should never see.
 */
@Interceptor
public class StrictJson {

    /** How deep a body may nest: JSON arrays and objects here, XML elements in {@link StrictXml}. */
    public static final int MAX_DEPTH = 200;

    private final JsonFactory factory = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean check(RequestDetails request) {
        bodyIn(request, "json").ifPresent(this::scan);
        return true;
    }

    /** The request's body when its Content-Type names {@code format}; otherwise it is not read (a GET has none to wait for). */
    static Optional<byte[]> bodyIn(RequestDetails request, String format) {
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.contains(format)) {
            return Optional.empty();
        }
        byte[] body = request.loadRequestContents();
        return body == null || body.length == 0 ? Optional.empty() : Optional.of(body);
    }

    /** @throws InvalidRequestException naming the offending place as a JSON pointer */
    void scan(byte[] body) {
        try (JsonParser parser = factory.createParser(body)) {
            JsonToken previous = null;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.VALUE_NULL) {
                    throw refused("null", parser);
                }
                if (token == JsonToken.END_ARRAY && previous == JsonToken.START_ARRAY) {
                    throw refused("an empty array", parser);
                }
                if (token == JsonToken.END_OBJECT && previous == JsonToken.START_OBJECT) {
                    throw refused("an empty object", parser);
                }
                previous = token;
            }
        } catch (StreamConstraintsException e) {
            throw new InvalidRequestException(
                    "The body nests arrays and objects more than " + MAX_DEPTH + " deep; no resource needs that");
        } catch (IOException e) {
            String message = e.getMessage();
            int detail = message.indexOf('\n');
            throw new InvalidRequestException(
                    "The body is not valid JSON: " + (detail > 0 ? message.substring(0, detail) : message));
        }
    }

    private static InvalidRequestException refused(String what, JsonParser parser) {
        String where = parser.getParsingContext().pathAsPointer().toString();
        return new InvalidRequestException("JSON at " + (where.isEmpty() ? "/" : where) + " (line "
                + parser.currentLocation().getLineNr() + ") is " + what
                + ": FHIR does not allow it; leave the element out instead");
    }
}
