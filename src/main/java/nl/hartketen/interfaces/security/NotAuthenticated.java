package nl.hartketen.interfaces.security;

/** The request carries no verified identity (401). */
public class NotAuthenticated extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotAuthenticated(String message) {
        super(message);
    }
}
