package nl.hartketen.workflow.resource;

/**
 * A CDI event: a resource of {@code type} was created or updated. Views built from such resources (the networks, the
 * care paths) drop what they keep, once when the write happens and again when its transaction ends.
 */
public record ResourceTypeWritten(String type) {}
