package nl.hartketen.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import nl.hartketen.application.chain.Census;

/** The census as grouped queries over care_episode and referral (its awaiting_outcome index), and the Tasks of what they list. */
@ApplicationScoped
public class JdbcCensus implements Census {

    private static final String NOW =
            "SELECT e.organization_ref, e.care_path, t.business_status, t.status, COUNT(*) FROM care_episode e"
                    + " LEFT JOIN referral_task t ON t.referral_id = e.current_request"
                    + " WHERE e.status = 'active' AND e.organization_ref IN (%s)"
                    + " GROUP BY e.organization_ref, e.care_path, t.business_status, t.status";
    /** Referrals whose performer owes them an outcome, sent before the cut-off, at the given performers. */
    private static final String OPEN_WHERE = " FROM referral WHERE awaiting_outcome = TRUE AND category = 'REFERRAL'"
            + " AND authored_on < ? AND performer_ref IN (%s)";
    /** The oldest first, limited before the Task and the care path are looked up. */
    private static final String OPEN = "SELECT r.id, r.performer_ref, r.authored_on, t.business_status, t.status,"
            + " (SELECT MIN(e.care_path) FROM care_episode_request er JOIN care_episode e ON e.id = er.episode_id WHERE er.request_id = r.id)"
            + " FROM (SELECT id, performer_ref, authored_on" + OPEN_WHERE
            + " ORDER BY authored_on FETCH FIRST %d ROWS ONLY) r"
            + " JOIN referral_task t ON t.referral_id = r.id ORDER BY r.authored_on";

    private static final String OPEN_COUNT = "SELECT performer_ref, COUNT(*)" + OPEN_WHERE + " GROUP BY performer_ref";
    private static final String UNANSWERED_COUNT =
            "SELECT performer_ref, COUNT(*) FROM referral WHERE awaiting_outcome = TRUE"
                    + " AND category = 'MEEKIJKCONSULT' AND first_answer_at IS NULL AND authored_on < ? AND performer_ref IN (%s) GROUP BY performer_ref";

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
                    counts.add(new Count(
                            rs.getString(1), rs.getString(2), step(rs.getString(3), rs.getString(4)), rs.getInt(5)));
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
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query =
                        connection.prepareStatement(OPEN.formatted(SqlLists.placeholders(organizations), limit))) {
            query.setObject(1, LocalDateTime.ofInstant(sentBefore, ZoneOffset.UTC));
            SqlLists.bind(query, 2, organizations);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    loops.add(new OpenLoop(
                            "ServiceRequest/" + rs.getString(1),
                            rs.getString(2),
                            rs.getString(6),
                            rs.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                            step(rs.getString(4), rs.getString(5))));
                }
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not find the open loops of a network", e);
        }
        return loops;
    }

    @Override
    public Map<String, Integer> openLoopCounts(Collection<String> organizations, Instant sentBefore) {
        return countPerPerformer(OPEN_COUNT, organizations, sentBefore, "the open loops of a network");
    }

    @Override
    public Map<String, Integer> unansweredConsults(Collection<String> organizations, Instant askedBefore) {
        return countPerPerformer(UNANSWERED_COUNT, organizations, askedBefore, "the unanswered consults of a network");
    }

    /** Runs a count grouped by performer whose one parameter before the performers is a moment. */
    private Map<String, Integer> countPerPerformer(
            String sql, Collection<String> organizations, Instant before, String what) {
        Map<String, Integer> counts = new HashMap<>();
        if (organizations.isEmpty()) {
            return counts;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query =
                        connection.prepareStatement(sql.formatted(SqlLists.placeholders(organizations)))) {
            query.setObject(1, LocalDateTime.ofInstant(before, ZoneOffset.UTC));
            SqlLists.bind(query, 2, organizations);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not count " + what, e);
        }
        return counts;
    }

    /** The business status when there is one, else the task's status as FHIR writes it (in-progress). */
    private static String step(String businessStatus, String status) {
        if (businessStatus != null) {
            return businessStatus;
        }
        return status == null ? "unknown" : status.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
