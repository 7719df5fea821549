package nl.hartketen.application.storage;

/** No resource (or version) with this id. */
public class ResourceNotFound extends RuntimeException {

    public ResourceNotFound(String reference) {
        super(reference + " is not known");
    }
}
