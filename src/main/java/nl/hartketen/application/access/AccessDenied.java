package nl.hartketen.application.access;

/**
 * The caller may not do what it asked. The message says which rule refused it, never whether the resource exists
 * or what it holds.
 */
public class AccessDenied extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AccessDenied(String message) {
        super(message);
    }
}
