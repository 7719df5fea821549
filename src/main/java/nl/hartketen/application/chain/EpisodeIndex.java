package nl.hartketen.application.chain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where each patient is, per care path, as a table the census can count in the database: a projection of the
 * EpisodeOfCare resources, written in the same transaction.
 */
public interface EpisodeIndex {

    /**
     * @param carePath       the care path's id, or null for referrals that match none
     * @param organization   where the patient is now ("Organization/id")
     * @param currentRequest the request that brought the patient there ("ServiceRequest/id"); null keeps the one recorded
     */
    record Row(
            String episodeId,
            String patient,
            String carePath,
            String organization,
            String status,
            Instant openedAt,
            Instant closedAt,
            String currentRequest) {}

    /** Adds or replaces the row of the episode, and links {@code request} to it, made by version {@code version}. */
    void save(Row row, String request, long version);

    /**
     * The requests ("ServiceRequest/id") linked to the episode by version {@code version} or earlier, in the order they
     * were linked. Links older than their versions are left out: those requests are in the stored resource.
     */
    List<String> requestsOf(String episodeId, long version);

    /** The id of the episode whose chain holds {@code request} ("ServiceRequest/id"). */
    Optional<String> episodeWith(String request);

    /** The id of the patient's active episode on {@code carePath} (null: the one matching no care path), the latest opened. */
    Optional<String> activeEpisode(String patient, String carePath);
}
