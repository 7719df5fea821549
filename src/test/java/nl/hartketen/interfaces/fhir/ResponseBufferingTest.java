package nl.hartketen.interfaces.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** A FHIR answer's writer passes every character on at once, drops the flushes in between, and closes for real. */
class ResponseBufferingTest {

    /** The container's writer, as far as the wrapper uses it: it counts flushes and knows whether it was closed. */
    private static final class ContainerWriter extends StringWriter {
        int flushes;
        boolean closed;

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void flushesInTheMiddleOfAnAnswerStayInTheBufferAndTheCloseEndsIt() throws IOException {
        ContainerWriter container = new ContainerWriter();
        PrintWriter containerWriter = new PrintWriter(container);
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("getWriter")) {
                        return containerWriter;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });

        ResponseBuffering.Buffered buffered = new ResponseBuffering.Buffered(response);
        PrintWriter writer = buffered.getWriter();
        assertSame(writer, buffered.getWriter(), "one writer per answer");
        writer.write("{\"resourceType\":");
        writer.flush();
        writer.print("\"ServiceRequest\"}");
        writer.flush();

        assertEquals("{\"resourceType\":\"ServiceRequest\"}", container.toString(), "written through at once");
        assertEquals(0, container.flushes, "no flush reached the container");
        writer.close();
        assertTrue(container.closed, "closing the answer closes the container's writer");
    }
}
