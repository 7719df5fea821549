package nl.hartketen.application.access;

import java.util.Collection;
import java.util.Set;

/** Which organizations are involved with which resources: the facts the access rules are decided on. */
public interface PartyStore {

    /** Records that {@code organization} is involved with the resource; recording the same fact twice is harmless. */
    void add(String reference, String organization, Relation relation);

    /** How {@code organization} is involved with the resource ("Type/id"); empty when it is not. */
    Set<Relation> relations(String reference, String organization);

    /** Every organization involved with the resource, and how. */
    java.util.Map<String, Set<Relation>> parties(String reference);

    /** Those of {@code references} ("Type/id") that {@code organization} is involved with. */
    Set<String> involvedAmong(Collection<String> references, String organization);
}
