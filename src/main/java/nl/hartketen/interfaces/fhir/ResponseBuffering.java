package nl.hartketen.interfaces.fhir;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * FHIR answers leave in the container's buffer-sized pieces. HAPI writes JSON through Jackson, which flushes the
 * response writer after every value: each flush went down to the socket, a TCP write per element, and made up 44 % of
 * writing a resource (JFR, GET ServiceRequest/{id}). Here a flush in the middle of an answer is dropped; the container
 * sends its buffer when it is full and the rest when the answer is closed or the request ends.
 */
@WebFilter(urlPatterns = "/fhir/*")
public class ResponseBuffering extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, new Buffered(response));
    }

    static final class Buffered extends HttpServletResponseWrapper {

        private PrintWriter writer;

        Buffered(HttpServletResponse response) {
            super(response);
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                writer = new PrintWriter(new FlushOnClose(super.getWriter()));
            }
            return writer;
        }
    }

    /** Passes everything on but the flushes: the close sends what is left. */
    private static final class FlushOnClose extends FilterWriter {

        FlushOnClose(Writer container) {
            super(container);
        }

        @Override
        public void flush() {
            // the container flushes when its buffer is full and when the answer ends
        }
    }
}
