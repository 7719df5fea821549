package nl.hartketen.application.audit;

import java.time.Instant;
import java.util.Set;

/**
 * One audit entry as written: the AuditEvent (its serialized {@code content}, which the hash chain covers) and the
 * values the audit search finds it by.
 *
 * @param action               AuditEvent.action (C, R, U, D, E)
 * @param outcome              AuditEvent.outcome (0, 4, 8)
 * @param interaction          the restful-interaction code of AuditEvent.subtype
 * @param userId               the user's id at the identity provider (agent.altId)
 * @param userReference        the user's Practitioner ("Practitioner/x"), if known
 * @param organizationReference the organization the user acted for ("Organization/x"), if known
 * @param entities             the patients and resources the access concerned ("Type/id")
 */
public record AuditEntry(
        String id,
        Instant recorded,
        String action,
        String outcome,
        String interaction,
        String userId,
        String userReference,
        String organizationReference,
        Set<String> entities,
        String content) {

    public AuditEntry {
        entities = Set.copyOf(entities);
    }
}
