package nl.hartketen.interfaces.security;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * MicroProfile JWT as Payara installs it, plus the one thing it leaves out: a request to a protected path that carries
 * no bearer token at all. Payara's mechanism "does nothing" then, and the container answers an empty 200 instead of
 * refusing; here that request gets a 401 (whose body the {@link ErrorPage} writes). Every token that is present is
 * still checked by Payara's own mechanism, with the issuer, keys and audience from MicroProfile Config, the first time
 * it is seen: after that, until it expires, it is taken from the {@link VerifiedTokens}.
 *
 * <p>Being an enabled alternative, this bean is the one the container resolves as the application's authentication
 * mechanism; Payara's is found among the other beans of that type and called for everything else.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class BearerTokenRequired implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";

    @Inject
    BeanManager beans;

    @Inject
    VerifiedTokens verifiedTokens;

    private volatile HttpAuthenticationMechanism microProfileJwt;

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
            throws AuthenticationException {
        String token = bearerToken(request);
        if (token == null) {
            return context.isProtected()
                    ? context.responseUnauthorized()
                    : microProfileJwt().validateRequest(request, response, context);
        }
        Optional<VerifiedTokens.Verified> known = verifiedTokens.find(token);
        if (known.isPresent()) {
            return context.notifyContainerAboutLogin(
                    known.get().token(), known.get().groups());
        }
        AuthenticationStatus status = microProfileJwt().validateRequest(request, response, context);
        if (status == AuthenticationStatus.SUCCESS && context.getCallerPrincipal() instanceof JsonWebToken verified) {
            verifiedTokens.keep(token, verified);
        }
        return status;
    }

    static boolean carriesBearerToken(HttpServletRequest request) {
        return bearerToken(request) != null;
    }

    /** The request's bearer token, or null when it carries none. */
    private static String bearerToken(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).strip();
        return token.isEmpty() ? null : token;
    }

    private HttpAuthenticationMechanism microProfileJwt() {
        HttpAuthenticationMechanism found = microProfileJwt;
        if (found == null) {
            Bean<?> payaras = beans.getBeans(HttpAuthenticationMechanism.class).stream()
                    .filter(bean -> bean.getBeanClass() != BearerTokenRequired.class)
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalStateException(
                                    "MicroProfile JWT is not active: the application needs @LoginConfig(authMethod = \"MP-JWT\")"));
            found = (HttpAuthenticationMechanism) beans.getReference(
                    payaras, HttpAuthenticationMechanism.class, beans.createCreationalContext(payaras));
            microProfileJwt = found;
        }
        return found;
    }
}
