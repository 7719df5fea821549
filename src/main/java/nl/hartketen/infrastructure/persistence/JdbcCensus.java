package nl.hartketen.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import nl.hartketen.application.chain.Census;
import nl.hartketen.application.chain.CensusEntry;

/**
 * The census from kept counts: patients now from care_episode (with the step of their current request), open loops
 * and unanswered consults from census_tally ({@link JdbcReferralCounts}), with the day on which the cut-off falls
 * counted in the referral table, and the oldest open loops from the index on (performer, awaiting, category, sent).
 */
@ApplicationScoped
public class JdbcCensus implements Census {

    private static final String NOW = "SELECT organization_ref, care_path, current_step, COUNT(*) FROM care_episode"
            + " WHERE status = 'active' AND organization_ref IN (%s) GROUP BY organization_ref, care_path, current_step";
    /** A performer's referrals it owes an outcome, sent in [?, ?). */
    private static final String OPEN_WHERE = " FROM referral WHERE performer_ref = ? AND awaiting_outcome = TRUE"
            + " AND category = 'REFERRAL' AND authored_on >= ? AND authored_on < ?";
    /** The oldest of one performer first: its index range is in that order. */
    private static final String OLDEST =
            "SELECT id, authored_on" + OPEN_WHERE + " ORDER BY authored_on FETCH FIRST %d ROWS ONLY";
    /** The Task and care path of the loops listed; a referral without a Task is not listed. */
    private static final String LISTED = "SELECT t.referral_id, t.business_status, t.status,"
            + " (SELECT MIN(e.care_path) FROM care_episode_request er JOIN care_episode e ON e.id = er.episode_id"
            + " WHERE er.request_id = t.referral_id) FROM referral_task t WHERE t.referral_id IN (%s)";

    private static final String UNANSWERED_WHERE = " FROM referral WHERE performer_ref = ? AND awaiting_outcome = TRUE"
            + " AND category = 'MEEKIJKCONSULT' AND first_answer_at IS NULL AND authored_on >= ? AND authored_on < ?";

    /** The earliest moment a timestamp column can hold, as the lower bound of "sent before". */
    private static final Instant EVER = Instant.parse("0001-01-01T00:00:00Z");

    @Resource(lookup = "java:app/jdbc/hartketen")
    private DataSource dataSource;

    public JdbcCensus() {
        // for CDI
    }

    JdbcCensus(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<Count> patientsNow(Collection<String> organizations) {
        List<Count> counts = new ArrayList<>();
        if (organizations.isEmpty()) {
            return counts;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query =
                        connection.prepareStatement(NOW.formatted(SqlLists.placeholders(organizations)))) {
            SqlLists.bind(query, 1, organizations);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String step = rs.getString(3);
                    counts.add(
                            new Count(rs.getString(1), rs.getString(2), step == null ? "unknown" : step, rs.getInt(4)));
                }
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not count the patients of a network", e);
        }
        return counts;
    }

    @Override
    public List<OpenLoop> openLoops(Collection<String> organizations, Instant sentBefore, int limit) {
        List<OpenLoop> loops = new ArrayList<>();
        if (organizations.isEmpty() || limit <= 0) {
            return loops;
        }
        try (Connection connection = dataSource.getConnection()) {
            // The oldest of each performer, then the oldest of those: H2 reads an IN list over the whole index.
            List<OpenLoop> oldest = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(OLDEST.formatted(limit))) {
                for (String organization : organizations) {
                    bindRange(query, organization, EVER, sentBefore);
                    try (ResultSet rs = query.executeQuery()) {
                        while (rs.next()) {
                            oldest.add(new OpenLoop(
                                    rs.getString(1),
                                    organization,
                                    null,
                                    rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                                    null));
                        }
                    }
                }
            }
            oldest.sort(Comparator.comparing(OpenLoop::authoredOn));
            List<OpenLoop> listed = oldest.subList(0, Math.min(limit, oldest.size()));
            if (listed.isEmpty()) {
                return loops;
            }
            List<String> ids = listed.stream().map(OpenLoop::referral).toList();
            Map<String, String[]> details = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement(LISTED.formatted(SqlLists.placeholders(ids)))) {
                SqlLists.bind(query, 1, ids);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        details.put(
                                rs.getString(1),
                                new String[] {rs.getString(4), step(rs.getString(2), rs.getString(3))});
                    }
                }
            }
            for (OpenLoop loop : listed) {
                String[] found = details.get(loop.referral());
                if (found != null) {
                    loops.add(new OpenLoop(
                            "ServiceRequest/" + loop.referral(),
                            loop.organization(),
                            found[0],
                            loop.authoredOn(),
                            found[1]));
                }
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not find the open loops of a network", e);
        }
        return loops;
    }

    @Override
    public Map<String, Integer> openLoopCounts(Collection<String> organizations, Instant sentBefore) {
        return countSentBefore(
                JdbcReferralCounts.Kind.OPEN, OPEN_WHERE, organizations, sentBefore, "the open loops of a network");
    }

    @Override
    public Map<String, Integer> unansweredConsults(Collection<String> organizations, Instant askedBefore) {
        return countSentBefore(
                JdbcReferralCounts.Kind.CONSULT,
                UNANSWERED_WHERE,
                organizations,
                askedBefore,
                "the unanswered consults of a network");
    }

    /**
     * Counts per performer the requests sent before {@code before}: the kept counts of the days before its (UTC) day,
     * and those sent on that day before it in the referral table ({@code where}: a performer, then from and to).
     */
    private Map<String, Integer> countSentBefore(
            JdbcReferralCounts.Kind kind, String where, Collection<String> organizations, Instant before, String what) {
        Map<String, Integer> counts = new HashMap<>();
        if (organizations.isEmpty()) {
            return counts;
        }
        LocalDate day = LocalDate.ofInstant(before, ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection()) {
            for (JdbcReferralCounts.Sum sum : JdbcReferralCounts.sums(connection, kind, organizations)) {
                if (sum.day().isBefore(day)) {
                    counts.merge(sum.performer(), sum.count(), Integer::sum);
                }
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*)" + where)) {
                for (String organization : organizations) {
                    bindRange(
                            query,
                            organization,
                            day.atStartOfDay(ZoneOffset.UTC).toInstant(),
                            before);
                    try (ResultSet rs = query.executeQuery()) {
                        rs.next();
                        counts.merge(organization, rs.getInt(1), Integer::sum);
                    }
                }
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not count " + what, e);
        }
        counts.values().removeIf(count -> count == 0);
        return counts;
    }

    private static void bindRange(PreparedStatement query, String performer, Instant from, Instant to)
            throws SQLException {
        query.setString(1, performer);
        query.setObject(2, JdbcReferralCounts.utc(from));
        query.setObject(3, JdbcReferralCounts.utc(to));
    }

    /** The Task's step ({@link CensusEntry#step}); "unknown" without a status. */
    private static String step(String businessStatus, String status) {
        String step = CensusEntry.step(businessStatus, status);
        return step == null ? "unknown" : step;
    }
}
