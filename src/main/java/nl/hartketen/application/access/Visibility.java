package nl.hartketen.application.access;

/** Which resources of one type a caller may see. */
public sealed interface Visibility {

    /** Every resource of the type (directory data; the audit trail for administrators). */
    record All() implements Visibility {}

    /** Only the resources the organization is involved with. */
    record InvolvedOnly(String organization) implements Visibility {}

    /** None at all; {@code reason} says which rule. */
    record None(String reason) implements Visibility {}
}
