package nl.hartketen.infrastructure.persistence;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import nl.hartketen.application.chain.AccessTimes;
import nl.hartketen.domain.chain.AccessTime;

/**
 * Access times straight from the referral tables (timestamps are UTC, as {@link UtcInstantConverter} writes them).
 * Only the referrals seen in the period are read, through the (performer_ref, first_visit_at) index; those waiting are
 * counted in the index on (performer_ref, awaiting_outcome, …).
 */
@ApplicationScoped
public class JdbcAccessTimes implements AccessTimes {

    private static final String SEEN = "SELECT performer_ref, authored_on, first_visit_at FROM referral"
            + " WHERE category = 'REFERRAL' AND first_visit_at >= ? AND performer_ref IN (%s)";
    private static final String WAITING = "SELECT performer_ref, COUNT(*) FROM referral"
            + " WHERE awaiting_outcome = TRUE AND category = 'REFERRAL' AND first_visit_at IS NULL AND performer_ref IN (%s)"
            + " GROUP BY performer_ref";

    @Resource(lookup = "java:app/jdbc/hartketen")
    private DataSource dataSource;

    public JdbcAccessTimes() {
        // for CDI
    }

    JdbcAccessTimes(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Map<String, AccessTime> of(Collection<String> performers, Instant since) {
        Map<String, AccessTime> result = new LinkedHashMap<>();
        if (performers.isEmpty()) {
            return result;
        }
        List<String> list = List.copyOf(performers);
        String placeholders = SqlLists.placeholders(list);
        Map<String, List<Integer>> waits = new HashMap<>();
        Map<String, Integer> waiting = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement seen = connection.prepareStatement(SEEN.formatted(placeholders))) {
                seen.setObject(1, LocalDateTime.ofInstant(since, ZoneOffset.UTC));
                SqlLists.bind(seen, 2, list);
                try (ResultSet rs = seen.executeQuery()) {
                    while (rs.next()) {
                        Instant authored = utc(rs.getObject(2, LocalDateTime.class));
                        Instant visit = utc(rs.getObject(3, LocalDateTime.class));
                        if (authored != null) {
                            waits.computeIfAbsent(rs.getString(1), ignored -> new ArrayList<>()).add(AccessTime.daysBetween(authored, visit));
                        }
                    }
                }
            }
            try (PreparedStatement open = connection.prepareStatement(WAITING.formatted(placeholders))) {
                SqlLists.bind(open, 1, list);
                try (ResultSet rs = open.executeQuery()) {
                    while (rs.next()) {
                        waiting.put(rs.getString(1), rs.getInt(2));
                    }
                }
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not read access times", e);
        }
        for (String performer : list) {
            result.put(performer, AccessTime.of(waits.getOrDefault(performer, List.of()), waiting.getOrDefault(performer, 0)));
        }
        return result;
    }

    private static Instant utc(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }
}
