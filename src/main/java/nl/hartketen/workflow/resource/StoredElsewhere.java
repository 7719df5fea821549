package nl.hartketen.workflow.resource;

import nl.hartketen.application.storage.StoredResource;
import org.hl7.fhir.r4.model.Resource;

/**
 * Part of what the resources of one type show that is kept outside their stored content, because it grows with
 * other writes (an episode's referral list): {@link ResourceCodec} adds it whenever such a resource is read.
 */
public interface StoredElsewhere {

    /** The resource type whose resources it completes. */
    String type();

    /** Adds to {@code resource}, just decoded from {@code stored}, what version {@code stored.version()} shows. */
    void addTo(Resource resource, StoredResource stored);
}
