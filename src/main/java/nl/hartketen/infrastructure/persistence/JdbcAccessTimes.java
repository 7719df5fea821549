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
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import nl.hartketen.application.chain.AccessTimes;
import nl.hartketen.domain.chain.AccessTime;
import nl.hartketen.domain.shared.DutchTime;

/**
 * Access times from the kept counts ({@link JdbcReferralCounts}): the first visits per (UTC) day and wait, and those
 * waiting. The visits on the day the period starts are read from the referral table (timestamps are UTC, as
 * {@link UtcInstantConverter} writes them), through the (performer_ref, first_visit_at) index.
 */
@ApplicationScoped
public class JdbcAccessTimes implements AccessTimes {

    /** One performer at a time: with an IN list, H2 would scan all of their referrals instead of the range. */
    private static final String SEEN = "SELECT authored_on, first_visit_at FROM referral"
            + " WHERE performer_ref = ? AND first_visit_at >= ? AND first_visit_at < ? AND category = 'REFERRAL'";

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
        LocalDate firstDay = LocalDate.ofInstant(since, ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection()) {
            for (JdbcReferralCounts.Sum sum : JdbcReferralCounts.sums(connection, JdbcReferralCounts.Kind.SEEN, list)) {
                if (sum.day().isAfter(firstDay)) {
                    List<Integer> days = waits.computeIfAbsent(sum.performer(), ignored -> new ArrayList<>());
                    days.addAll(Collections.nCopies(sum.count(), sum.days()));
                }
            }
            try (PreparedStatement seen = connection.prepareStatement(SEEN)) {
                for (String performer : list) {
                    seen.setString(1, performer);
                    seen.setObject(2, JdbcReferralCounts.utc(since));
                    seen.setObject(3, firstDay.plusDays(1).atStartOfDay());
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
            for (JdbcReferralCounts.Sum sum :
                    JdbcReferralCounts.sums(connection, JdbcReferralCounts.Kind.WAITING, list)) {
                waiting.merge(sum.performer(), sum.count(), Integer::sum);
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
