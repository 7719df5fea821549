package nl.hartketen.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import nl.hartketen.application.chain.CensusEntry;
import nl.hartketen.application.chain.ReferralCounts;
import nl.hartketen.domain.referral.Referral;
import nl.hartketen.domain.referral.RequestCategory;

/**
 * The counts in tables census_entry (what each request counts in now) and census_tally (the counts, as rows of +1 and
 * -1 that are only inserted, so that writers never wait on a shared counter row). A change writes the difference
 * between the request's entry and its new state; a read sums the tally's rows ({@link #sums}).
 */
@ApplicationScoped
public class JdbcReferralCounts implements ReferralCounts {

    /** What a tally row counts. */
    enum Kind {
        WAITING,
        OPEN,
        CONSULT,
        SEEN
    }

    /** One count: of a kind, at a performer, on a day (none for WAITING), of a wait in days (SEEN only). */
    record Tally(String performer, Kind kind, LocalDate day, Integer days) {}

    /** The sum of a tally's rows, as {@link #sums} reads it. */
    record Sum(String performer, LocalDate day, Integer days, int count) {}

    private static final String ENTRY =
            "SELECT performer_ref, step, waiting, open_day, consult_day, seen_day, seen_days"
                    + " FROM census_entry WHERE request_id = ? FOR UPDATE";
    private static final String COLUMNS =
            "performer_ref = ?, step = ?, waiting = ?, open_day = ?, consult_day = ?, seen_day = ?, seen_days = ?";
    private static final String INSERT_TALLY =
            "INSERT INTO census_tally (performer_ref, kind, count_day, wait_days, delta, written_at) VALUES (?, ?, ?,"
                    + " ?, ?, ?)";
    private static final String WITHOUT_COUNTS = "SELECT r.id, r.category, r.performer_ref, r.authored_on,"
            + " r.awaiting_outcome, r.first_visit_at, r.first_answer_at, t.business_status, t.status FROM referral r LEFT"
            + " JOIN referral_task t ON t.referral_id = r.id WHERE NOT EXISTS (SELECT 1 FROM census_entry e WHERE"
            + " e.request_id = r.id) FETCH FIRST ? ROWS ONLY";
    private static final String SUMS = "SELECT performer_ref, count_day, wait_days, SUM(delta) FROM census_tally"
            + " WHERE kind = ? AND performer_ref IN (%s) GROUP BY performer_ref, count_day, wait_days";
    /* The folded rows are dated at the fold's bound, so the DELETE after them (rows before the bound) leaves them. */
    private static final String FOLD =
            "INSERT INTO census_tally (performer_ref, kind, count_day, wait_days, delta, written_at) SELECT"
                    + " performer_ref, kind, count_day, wait_days, SUM(delta), ? FROM census_tally WHERE written_at < ?"
                    + " GROUP BY performer_ref, kind, count_day, wait_days HAVING SUM(delta) <> 0";

    @Resource(lookup = "java:app/jdbc/hartketen")
    private DataSource dataSource;

    public JdbcReferralCounts() {
        // for CDI
    }

    JdbcReferralCounts(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void keep(Referral request, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            keep(connection, request.id(), CensusEntry.of(request), now);
        } catch (SQLException e) {
            throw new StorageFailure("could not keep the counts of request " + request.id(), e);
        }
    }

    @Override
    public int keepMissing(int limit, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            Map<String, CensusEntry> missing = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(WITHOUT_COUNTS)) {
                select.setInt(1, limit);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        missing.put(
                                row.getString(1),
                                CensusEntry.of(
                                        RequestCategory.valueOf(row.getString(2)),
                                        row.getString(3),
                                        instant(row.getObject(4, LocalDateTime.class)),
                                        row.getBoolean(5),
                                        instant(row.getObject(6, LocalDateTime.class)),
                                        instant(row.getObject(7, LocalDateTime.class)),
                                        CensusEntry.step(row.getString(8), row.getString(9))));
                    }
                }
            }
            for (Map.Entry<String, CensusEntry> request : missing.entrySet()) {
                keep(connection, request.getKey(), request.getValue(), now);
            }
            return missing.size();
        } catch (SQLException e) {
            throw new StorageFailure("could not count the requests stored before the census counts", e);
        }
    }

    /** Writes the request's entry and, to the tally, how its counts changed. */
    private static void keep(Connection connection, String requestId, CensusEntry entry, Instant now)
            throws SQLException {
        CensusEntry before = null;
        boolean kept;
        try (PreparedStatement select = connection.prepareStatement(ENTRY)) {
            select.setString(1, requestId);
            try (ResultSet row = select.executeQuery()) {
                kept = row.next();
                if (kept) {
                    before = new CensusEntry(
                            row.getString(1),
                            row.getString(2),
                            row.getBoolean(3),
                            row.getObject(4, LocalDate.class),
                            row.getObject(5, LocalDate.class),
                            row.getObject(6, LocalDate.class),
                            (Integer) row.getObject(7));
                }
            }
        }
        if (entry.equals(before)) {
            return;
        }
        try (PreparedStatement write = connection.prepareStatement(
                kept
                        ? "UPDATE census_entry SET " + COLUMNS + " WHERE request_id = ?"
                        : "INSERT INTO census_entry (performer_ref, step, waiting, open_day, consult_day, seen_day,"
                                + " seen_days, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            write.setString(1, entry.performer());
            write.setString(2, entry.step());
            write.setBoolean(3, entry.waiting());
            setDate(write, 4, entry.openDay());
            setDate(write, 5, entry.consultDay());
            setDate(write, 6, entry.seenDay());
            if (entry.seenDays() == null) {
                write.setNull(7, Types.INTEGER);
            } else {
                write.setInt(7, entry.seenDays());
            }
            write.setString(8, requestId);
            write.executeUpdate();
        }
        writeDifference(connection, tallies(before), tallies(entry), now);
        if (before == null || !Objects.equals(before.step(), entry.step())) {
            // The census counts patients by the step of the request that brought them where they are.
            try (PreparedStatement step =
                    connection.prepareStatement("UPDATE care_episode SET current_step = ? WHERE current_request = ?")) {
                step.setString(1, entry.step());
                step.setString(2, requestId);
                step.executeUpdate();
            }
        }
    }

    @Override
    public void fold(Instant before) {
        LocalDateTime bound = utc(before);
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM census_fold FOR UPDATE")) {
                lock.executeQuery().close();
            }
            try (PreparedStatement fold = connection.prepareStatement(FOLD)) {
                fold.setObject(1, bound);
                fold.setObject(2, bound);
                fold.executeUpdate();
            }
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM census_tally WHERE written_at < ?")) {
                delete.setObject(1, bound);
                delete.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not fold the census counts", e);
        }
    }

    /** The counts of {@code kind} at these performers, summed per performer, day and wait (zero sums left out). */
    static List<Sum> sums(Connection connection, Kind kind, Collection<String> performers) throws SQLException {
        List<Sum> sums = new ArrayList<>();
        if (performers.isEmpty()) {
            return sums;
        }
        try (PreparedStatement query = connection.prepareStatement(SUMS.formatted(SqlLists.placeholders(performers)))) {
            query.setString(1, kind.name());
            SqlLists.bind(query, 2, performers);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    if (rows.getInt(4) != 0) {
                        sums.add(new Sum(
                                rows.getString(1),
                                rows.getObject(2, LocalDate.class),
                                (Integer) rows.getObject(3),
                                rows.getInt(4)));
                    }
                }
            }
        }
        return sums;
    }

    private static Instant instant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The counts an entry is in; none for a request without a performer, which no census asks about. */
    private static Set<Tally> tallies(CensusEntry entry) {
        Set<Tally> tallies = new HashSet<>();
        if (entry == null || entry.performer() == null) {
            return tallies;
        }
        String performer = entry.performer();
        if (entry.waiting()) {
            tallies.add(new Tally(performer, Kind.WAITING, null, null));
        }
        if (entry.openDay() != null) {
            tallies.add(new Tally(performer, Kind.OPEN, entry.openDay(), null));
        }
        if (entry.consultDay() != null) {
            tallies.add(new Tally(performer, Kind.CONSULT, entry.consultDay(), null));
        }
        if (entry.seenDay() != null) {
            tallies.add(new Tally(performer, Kind.SEEN, entry.seenDay(), entry.seenDays()));
        }
        return tallies;
    }

    private static void writeDifference(Connection connection, Set<Tally> before, Set<Tally> after, Instant now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_TALLY)) {
            int rows = 0;
            for (Tally tally : before) {
                if (!after.contains(tally)) {
                    bind(insert, tally, -1, now);
                    rows++;
                }
            }
            for (Tally tally : after) {
                if (!before.contains(tally)) {
                    bind(insert, tally, 1, now);
                    rows++;
                }
            }
            if (rows > 0) {
                insert.executeBatch();
            }
        }
    }

    private static void bind(PreparedStatement insert, Tally tally, int delta, Instant now) throws SQLException {
        insert.setString(1, tally.performer());
        insert.setString(2, tally.kind().name());
        setDate(insert, 3, tally.day());
        if (tally.days() == null) {
            insert.setNull(4, Types.INTEGER);
        } else {
            insert.setInt(4, tally.days());
        }
        insert.setInt(5, delta);
        insert.setObject(6, utc(now));
        insert.addBatch();
    }

    private static void setDate(PreparedStatement statement, int index, LocalDate date) throws SQLException {
        if (date == null) {
            statement.setNull(index, Types.DATE);
        } else {
            statement.setObject(index, date);
        }
    }
}
