package nl.hartketen.application.chain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import nl.hartketen.domain.referral.Referral;
import nl.hartketen.domain.referral.RequestCategory;
import nl.hartketen.domain.shared.DutchTime;

/**
 * What one request counts in for the census and the access times, as the queries over the referral table counted it
 * before these counts were kept. Days are UTC dates, as the referral table's timestamps are UTC.
 *
 * @param step       its Task's business status, else its status as FHIR writes it (in-progress); null without a Task
 * @param waiting    a referral the performer owes an outcome and has not seen yet
 * @param openDay    a referral the performer owes an outcome: the day it was sent (an open loop once old enough)
 * @param consultDay a meekijkconsult not answered yet: the day it was asked
 * @param seenDay    a referral seen: the day of the first visit, after {@code seenDays} days (Dutch dates)
 */
public record CensusEntry(
        String performer,
        String step,
        boolean waiting,
        LocalDate openDay,
        LocalDate consultDay,
        LocalDate seenDay,
        Integer seenDays) {

    public static CensusEntry of(Referral request) {
        return of(
                request.category(),
                request.performer(),
                request.authoredOn(),
                request.awaitsOutcome(),
                request.firstVisitAt().orElse(null),
                request.firstAnswerAt().orElse(null),
                request.task()
                        .map(task -> step(task.businessStatus(), task.status().name()))
                        .orElse(null));
    }

    /** From a request's columns, for requests stored before the counts were kept. */
    public static CensusEntry of(
            RequestCategory category,
            String performer,
            Instant authoredOn,
            boolean awaitsOutcome,
            Instant firstVisitAt,
            Instant firstAnswerAt,
            String step) {
        boolean referral = category == RequestCategory.REFERRAL;
        LocalDate sent = authoredOn == null ? null : utcDay(authoredOn);
        boolean seen = referral && firstVisitAt != null && authoredOn != null;
        return new CensusEntry(
                performer,
                step,
                awaitsOutcome && referral && firstVisitAt == null,
                awaitsOutcome && referral ? sent : null,
                awaitsOutcome && category == RequestCategory.MEEKIJKCONSULT && firstAnswerAt == null ? sent : null,
                seen ? utcDay(firstVisitAt) : null,
                seen ? DutchTime.daysBetween(authoredOn, firstVisitAt) : null);
    }

    /** The step a Task is at: its business status, else its status ({@code IN_PROGRESS}) as FHIR writes it. */
    public static String step(String businessStatus, String status) {
        if (businessStatus != null) {
            return businessStatus;
        }
        return status == null ? null : status.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static LocalDate utcDay(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
