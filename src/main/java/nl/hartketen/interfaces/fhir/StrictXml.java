package nl.hartketen.interfaces.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.io.ByteArrayInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Refuses XML nested deeper than {@value StrictJson#MAX_DEPTH} elements before HAPI parses it: HAPI's XML parser
 * recurses once per element and ran out of stack (a 500) on a body 5,000 elements deep. Whether the XML is well-formed
 * is left to HAPI's parser, which says so with a 400.
 */
@Interceptor
public class StrictXml {

    private final XMLInputFactory factory = secureFactory();

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean check(RequestDetails request) {
        StrictJson.bodyIn(request, "xml").ifPresent(this::scan);
        return true;
    }

    /** @throws InvalidRequestException naming the line where the body gets too deep */
    void scan(byte[] body) {
        try {
            XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(body));
            int depth = 0;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT && ++depth > StrictJson.MAX_DEPTH) {
                    throw new InvalidRequestException("The body nests XML elements more than " + StrictJson.MAX_DEPTH
                            + " deep (line " + reader.getLocation().getLineNumber() + "); no resource needs that");
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        } catch (XMLStreamException malformed) {
            // HAPI's parser refuses it with its own words.
        }
    }

    /** The JDK's own StAX parser, reading no DTD and no external entity: it only counts. */
    private static XMLInputFactory secureFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }
}
