package nl.hartketen.interfaces.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every HTTP answer gets, whatever produced it: security headers, no caching of patient data, CORS only for
 * the configured origins, and a limit on the size of what a client may send (413 beyond it).
 */
@WebFilter(urlPatterns = "/*", dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR})
public class HttpHardening extends HttpFilter {

    private static final long serialVersionUID = 1L;

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
        allowedOrigins = Arrays.stream(allowedOriginsSetting.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
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
        long declared = request.getContentLengthLong();
        if (declared > maxRequestBytes) {
            response.sendError(413, tooLarge());
            return;
        }
        if (declared < 0 && hasBody(request)) {
            // No Content-Length (chunked): read up to the limit before anything else sees the body.
            byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8L, maxRequestBytes + 1));
            if (body.length > maxRequestBytes) {
                response.sendError(413, tooLarge());
                return;
            }
            request = new BufferedBody(request, body);
        }
        chain.doFilter(request, response);
    }

    private String tooLarge() {
        return "The request body is larger than the limit of " + maxRequestBytes + " bytes (hartketen.http.max-request-bytes)";
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
        response.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept, If-Match, If-None-Exist, Prefer");
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private static void addSecurityHeaders(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        String path = request.getRequestURI().substring(request.getContextPath().length());
        // The dashboard is a page: its own scripts, styles and API calls, nothing from elsewhere, no inline script.
        response.setHeader("Content-Security-Policy", path.startsWith("/dashboard") || path.startsWith("/webjars/")
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
