package nl.hartketen.interfaces.security;

import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.hartketen.domain.shared.PlainText;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every HTTP answer gets, whatever produced it: security headers, no caching of patient data, CORS only for
 * the configured origins. And what every request must be: a URL and headers of at most 8 KB each (414, 431), query
 * parameters and JSON or XML bodies that are UTF-8 text (400, see {@link PlainText}), and a body within the size limit
 * (413). The listener lets larger headers through (pre-boot-commands.asadmin) so that they get these answers.
 */
@WebFilter(
        urlPatterns = "/*",
        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR})
public class HttpHardening extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** The longest URL and the longest header accepted: what proxies commonly pass on (nginx's default buffers). */
    static final int MAX_URL_CHARS = 8192;

    static final int MAX_HEADER_BYTES = 8192;

    @Inject
    @ConfigProperty(name = "hartketen.http.max-request-bytes", defaultValue = "10485760")
    transient long maxRequestBytes;

    /** Origins (scheme://host[:port]) whose browser pages may call the API; none unless configured. */
    @Inject
    @ConfigProperty(name = "hartketen.cors.allowed-origins", defaultValue = " ")
    transient String allowedOriginsSetting;

    private transient Set<String> allowedOrigins;

    @Override
    public void init() {
        allowedOrigins = Arrays.stream(allowedOriginsSetting.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        addSecurityHeaders(request, response);
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            chain.doFilter(request, response);
            return;
        }
        String origin = request.getHeader("Origin");
        boolean corsAllowed = origin != null && allowedOrigins.contains(origin);
        if (corsAllowed) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Expose-Headers", "ETag, Location, Content-Location, Last-Modified");
            response.addHeader("Vary", "Origin");
        }
        if ("OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null) {
            answerPreflight(response, corsAllowed);
            return;
        }
        Optional<Refusal> refusal = refusedHead(request);
        if (refusal.isPresent()) {
            refuse(request, response, refusal.get().status(), refusal.get().message());
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > maxRequestBytes) {
            refuse(request, response, 413, tooLarge());
            return;
        }
        if (hasBody(request) && (declared < 0 || isText(request))) {
            // No Content-Length (chunked), or text to check: read up to the limit before anything else sees the body.
            // With a Content-Length, exactly that many bytes, without waiting for the stream to say it has ended.
            byte[] body = request.getInputStream().readNBytes((int)
                    (declared >= 0 ? declared : Math.min(Integer.MAX_VALUE - 8L, maxRequestBytes + 1)));
            if (body.length > maxRequestBytes) {
                refuse(request, response, 413, tooLarge());
                return;
            }
            Optional<String> notUtf8 = isText(request) ? PlainText.notUtf8(body) : Optional.empty();
            if (notUtf8.isPresent()) {
                refuse(request, response, 400, "The body must be UTF-8, but " + notUtf8.get());
                return;
            }
            request = new BufferedBody(request, body);
        }
        chain.doFilter(request, response);
    }

    private record Refusal(int status, String message) {}

    /** Why the URL, a header or a query parameter cannot be taken, if it cannot. */
    private static Optional<Refusal> refusedHead(HttpServletRequest request) {
        String query = request.getQueryString();
        int length = request.getRequestURI().length() + (query == null ? 0 : query.length() + 1);
        if (length > MAX_URL_CHARS) {
            return Optional.of(new Refusal(
                    414,
                    "The URL is " + length + " characters long; at most " + MAX_URL_CHARS
                            + " are accepted: ask for fewer values at a time"));
        }
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                if (name.length() + value.length() > MAX_HEADER_BYTES) {
                    return Optional.of(new Refusal(
                            431,
                            "The header " + name + " is " + (name.length() + value.length()) + " bytes long; at most "
                                    + MAX_HEADER_BYTES + " are accepted"));
                }
            }
        }
        return query == null ? Optional.empty() : queryProblem(query).map(problem -> new Refusal(400, problem));
    }

    /**
     * What in a raw query string ("name=a%00b&…") is not text, by parameter: a NUL would reach the database, and
     * escapes that are not UTF-8 would be decoded to U+FFFD and searched for as such.
     */
    static Optional<String> queryProblem(String query) {
        for (String parameter : query.split("&")) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            for (String part :
                    equals < 0 ? new String[] {name} : new String[] {name, parameter.substring(equals + 1)}) {
                Optional<String> problem = decodingProblem(part);
                if (problem.isPresent()) {
                    return Optional.of("The query parameter '" + name + "' cannot be read as text: " + problem.get());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> decodingProblem(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
                if (low < 0) {
                    return Optional.of("'" + encoded.substring(i, Math.min(i + 3, encoded.length()))
                            + "' is not a percent-escape such as %20");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return PlainText.notUtf8(bytes.toByteArray())
                .or(() -> PlainText.problemWith(bytes.toString(StandardCharsets.UTF_8)));
    }

    /**
     * Answers through the error page, with {@code message} as it is: the container would HTML-escape a message given
     * to sendError ("&#40;" for "(").
     */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        request.setAttribute(ErrorPage.MESSAGE, message);
        response.sendError(status);
    }

    private String tooLarge() {
        return "The request body is larger than the limit of " + maxRequestBytes
                + " bytes (hartketen.http.max-request-bytes)";
    }

    /** JSON and XML (FHIR, /api): text that must be UTF-8. A form is left to the container, which parses it itself. */
    private static boolean isText(HttpServletRequest request) {
        String contentType = request.getContentType();
        return contentType != null && (contentType.contains("json") || contentType.contains("xml"));
    }

    private static boolean hasBody(HttpServletRequest request) {
        String method = request.getMethod();
        return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
    }

    private static void answerPreflight(HttpServletResponse response, boolean allowed) {
        if (!allowed) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        response.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, OPTIONS");
        response.setHeader(
                "Access-Control-Allow-Headers", "Authorization, Content-Type, Accept, If-Match, If-None-Exist, Prefer");
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private static void addSecurityHeaders(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        String path = request.getRequestURI().substring(request.getContextPath().length());
        // The dashboard is a page: its own scripts, styles and API calls, nothing from elsewhere, no inline script.
        response.setHeader(
                "Content-Security-Policy",
                path.startsWith("/dashboard") || path.startsWith("/webjars/")
                        ? "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' blob: data:;"
                                + " form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
                        : "default-src 'none'; frame-ancestors 'none'");
        response.setHeader("Strict-Transport-Security", "max-age=31536000");
        // Patient data must not linger in browser or proxy caches.
        response.setHeader("Cache-Control", "no-store");
    }

    /** A request whose body has already been read into memory. */
    private static final class BufferedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    try {
                        return in.available() == 0;
                    } catch (IOException e) {
                        return true;
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already in memory");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
