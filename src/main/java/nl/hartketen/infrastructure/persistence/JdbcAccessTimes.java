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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import nl.hartketen.application.chain.AccessTimes;
import nl.hartketen.domain.chain.AccessTime;
import nl.hartketen.domain.shared.DutchTime;

/**
 * Access times straight from the referral tables (timestamps are UTC, as {@link UtcInstantConverter} writes them).
 * Only the referrals seen in the period are read, through the (performer_ref, first_visit_at) index; those waiting are
 * counted in the index on (performer_ref, awaiting_outcome, …).
 */
@ApplicationScoped
public class JdbcAccessTimes implements AccessTimes {

    /** One performer at a time: with an IN list, H2 would scan all of their referrals instead of the period's range. */
    private static final String SEEN = "SELECT authored_on, first_visit_at FROM referral"
            + " WHERE performer_ref = ? AND first_visit_at >= ? AND category = 'REFERRAL'";

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
        Map<String, List<Integer>> waits = new HashMap<>();
        Map<String, Integer> waiting = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement seen = connection.prepareStatement(SEEN)) {
                for (String performer : list) {
                    seen.setString(1, performer);
                    seen.setObject(2, LocalDateTime.ofInstant(since, ZoneOffset.UTC));
                    try (ResultSet rs = seen.executeQuery()) {
                        while (rs.next()) {
                            Instant authored = utc(rs.getObject(1, LocalDateTime.class));
                            Instant visit = utc(rs.getObject(2, LocalDateTime.class));
                            if (authored != null) {
                                waits.computeIfAbsent(performer, ignored -> new ArrayList<>())
                                        .add(DutchTime.daysBetween(authored, visit));
                            }
                        }
                    }
                }
            }
            try (PreparedStatement open = connection.prepareStatement(WAITING.formatted(SqlLists.placeholders(list)))) {
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
            result.put(
                    performer,
                    AccessTime.of(waits.getOrDefault(performer, List.of()), waiting.getOrDefault(performer, 0)));
        }
        return result;
    }

    private static Instant utc(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }
}
