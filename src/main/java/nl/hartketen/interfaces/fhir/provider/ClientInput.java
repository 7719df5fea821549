package nl.hartketen.interfaces.fhir.provider;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IIdType;

/** What a client sent that our parsing refuses, answered the same way (400) by every provider, R4 or STU3. */
public final class ClientInput {

    private ClientInput() {}

    /** The parsed value; an IllegalArgumentException (our parsers' way of refusing) becomes a 400 with its message. */
    public static <T> T parsed(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException refused) {
            throw new InvalidRequestException(refused.getMessage());
        }
    }

    /** The version of a versioned id (vread, If-Match). */
    public static long version(IIdType id) {
        try {
            return Long.parseLong(id.getVersionIdPart());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("version '" + id.getVersionIdPart() + "' is not a number");
        }
    }
}
