package nl.hartketen.domain.shared;

/**
 * Another resource of the type already carries an identifier that must be unique ({@link UniqueIdentifiers}). The message
 * names the identifier the client sent, never the resource that holds it: whoever may see that resource gets it back
 * with a conditional create.
 */
public class DuplicateIdentifier extends DomainException {

    private final String resourceType;
    private final Identifier identifier;

    public DuplicateIdentifier(String resourceType, Identifier identifier) {
        super("a " + resourceType + " with identifier " + identifier
                + " is already registered; to get it back instead of"
                + " creating it, send the create with the header If-None-Exist: identifier=" + identifier
                + " (it answers with the registered " + resourceType + " when your organization is involved with it)");
        this.resourceType = resourceType;
        this.identifier = identifier;
    }

    public String resourceType() {
        return resourceType;
    }

    public Identifier identifier() {
        return identifier;
    }
}
