package nl.hartketen.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import nl.hartketen.LocalPostgres;
import nl.hartketen.application.waiting.Dimension;
import nl.hartketen.application.waiting.ReportFilter;
import nl.hartketen.application.waiting.WaitQueries;
import nl.hartketen.domain.waiting.Measure;
import nl.hartketen.domain.waiting.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The counts of ended waits per month (V9) on a real database, H2 and PostgreSQL (skipped where 127.0.0.1:5432 does
 * not answer): they follow every change of a wait, the migration counts the waits kept before them, and a report's
 * whole months are read from them while the days around those months come from the waits.
 */
class EndedWaitCountsTest {

    private static final String MARTINI = "Organization/martini";
    private static final String UMCG = "Organization/umcg";

    private DataSource database;
    private String postgresDatabase;
    private JdbcWaitStore waits;

    @AfterEach
    void dropPostgresDatabase() throws SQLException {
        if (postgresDatabase != null) {
            LocalPostgres.drop(postgresDatabase);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void countsFollowEveryChangeOfAWait(String product) throws SQLException {
        migrated(product, null);
        waits.save(waiting("a", MARTINI, "2026-01-02"));
        waits.save(ended("b", MARTINI, "2026-01-02", "2026-01-12"));
        waits.save(ended("c", MARTINI, "2026-01-05", "2026-01-15"));
        waits.save(ended("d", UMCG, "2026-01-20", "2026-02-19"));
        assertEquals(Map.of("ACCESS martini 2026-01 - 10: 2/2/2", 1, "ACCESS umcg 2026-02 - 30: 1/0/0", 1), buckets());

        waits.save(ended("a", MARTINI, "2026-01-02", "2026-01-12"));
        waits.save(ended("b", MARTINI, "2026-01-02", "2026-03-02"));
        waits.save(dropped("c", MARTINI, "2026-01-05"));
        try (Connection connection = database.getConnection()) {
            JdbcWaitStore.assignCarePath(connection, "d", "chest-pain");
        }
        waits.save(ended("d", UMCG, "2026-01-20", "2026-02-19"));

        assertEquals(
                Map.of(
                        "ACCESS martini 2026-01 - 10: 1/1/1",
                        1,
                        "ACCESS martini 2026-03 - 59: 1/0/0",
                        1,
                        "ACCESS umcg 2026-02 chest-pain 30: 1/0/0",
                        1),
                buckets(),
                "no empty bucket is left behind");
        assertEquals(countedFromTheWaits(), buckets());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theMigrationCountsTheWaitsKeptBeforeIt(String product) throws SQLException {
        migrated(product, "8");
        execute(
                "INSERT INTO waiting_time (request_id, measure, performer_ref, inpatient, state, start_date, end_date, paused_days,"
                        + " wait_days, within_target, within_maximum) VALUES"
                        + " ('a', 'ACCESS', 'Organization/martini', FALSE, 'ENDED', DATE '2026-01-02', DATE '2026-01-12', 0, 10, TRUE, TRUE),"
                        + " ('b', 'ACCESS', 'Organization/martini', FALSE, 'ENDED', DATE '2026-01-02', DATE '2026-01-12', 0, 10, TRUE, TRUE),"
                        + " ('c', 'ACCESS', 'Organization/umcg', FALSE, 'ENDED', DATE '2026-01-20', DATE '2026-02-19', 0, 30, FALSE, FALSE),"
                        + " ('d', 'ACCESS', 'Organization/umcg', FALSE, 'WAITING', DATE '2026-02-01', NULL, 0, NULL, NULL, NULL)");
        migrate(product, null);
        assertEquals(Map.of("ACCESS martini 2026-01 - 10: 2/2/2", 1, "ACCESS umcg 2026-02 - 30: 1/0/0", 1), buckets());
        assertEquals(countedFromTheWaits(), buckets());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aPeriodsWholeMonthsAreReadFromTheCountsAndTheDaysAroundThemFromTheWaits(String product) throws SQLException {
        migrated(product, null);
        // each ends on its own day and lasted its own number of days, so the days in the report say which were counted
        String[] ends = {
            "2026-01-14", "2026-01-15", "2026-01-31", "2026-02-01", "2026-03-31", "2026-04-10", "2026-04-11"
        };
        for (int i = 0; i < ends.length; i++) {
            LocalDate end = LocalDate.parse(ends[i]);
            waits.save(ended("w" + i, MARTINI, end.minusDays(i + 1).toString(), ends[i]));
        }
        JdbcWaitQueries queries = new JdbcWaitQueries(database);
        assertEquals(
                Set.of(2, 3, 4, 5, 6),
                days(queries, "2026-01-15", "2026-04-10"),
                "from the 15th of January to the 10th of April");
        assertEquals(Set.of(4, 5), days(queries, "2026-02-01", "2026-03-31"), "February and March, whole");
        assertEquals(Set.of(1, 2, 3), days(queries, "2026-01-01", "2026-01-31"), "January, whole");
        assertEquals(Set.of(2), days(queries, "2026-01-15", "2026-01-30"), "within January");

        execute("DELETE FROM waiting_time WHERE request_id IN ('w3', 'w4')");
        assertEquals(
                Set.of(4, 5),
                days(queries, "2026-02-01", "2026-03-31"),
                "whole months are counted, not read wait by wait");
    }

    private Set<Integer> days(JdbcWaitQueries queries, String from, String to) {
        ReportFilter filter = new ReportFilter(
                Measure.ACCESS, Set.of(MARTINI), null, null, null, LocalDate.parse(from), LocalDate.parse(to));
        List<WaitQueries.Ended> ended = queries.ended(filter, List.of(Dimension.ORGANIZATION, Dimension.MONTH));
        ended.forEach(row -> assertEquals(1, row.count(), "one wait per day"));
        return ended.stream().map(WaitQueries.Ended::days).collect(Collectors.toSet());
    }

    private static Wait waiting(String id, String performer, String start) {
        return new Wait(
                id,
                Measure.ACCESS,
                performer,
                null,
                null,
                false,
                LocalDate.parse(start),
                null,
                0,
                null,
                Wait.State.WAITING,
                null,
                null,
                null);
    }

    private static Wait dropped(String id, String performer, String start) {
        return new Wait(
                id,
                Measure.ACCESS,
                performer,
                null,
                null,
                false,
                LocalDate.parse(start),
                null,
                0,
                null,
                Wait.State.DROPPED,
                null,
                null,
                null);
    }

    /** Ended after the days between start and end, within the first-visit Treeknorm (21 days, at most 28) or not. */
    private static Wait ended(String id, String performer, String start, String end) {
        int days = (int)
                (LocalDate.parse(end).toEpochDay() - LocalDate.parse(start).toEpochDay());
        return new Wait(
                id,
                Measure.ACCESS,
                performer,
                null,
                null,
                false,
                LocalDate.parse(start),
                LocalDate.parse(end),
                0,
                null,
                Wait.State.ENDED,
                days,
                days <= 21,
                days <= 28);
    }

    /** The buckets, as "measure performer month care-path days: waits/within target/within maximum" → 1. */
    private Map<String, Integer> buckets() throws SQLException {
        return describe(
                "SELECT measure, performer_ref, end_month, care_path, wait_days, waits, within_target, within_maximum"
                        + " FROM waiting_time_month");
    }

    private Map<String, Integer> countedFromTheWaits() throws SQLException {
        return describe(
                "SELECT measure, performer_ref, CAST(DATE_TRUNC('MONTH', end_date) AS DATE), COALESCE(care_path, ''), wait_days,"
                        + " COUNT(*), SUM(CASE WHEN within_target THEN 1 ELSE 0 END), SUM(CASE WHEN within_maximum THEN 1 ELSE 0 END)"
                        + " FROM waiting_time WHERE state = 'ENDED'"
                        + " GROUP BY measure, performer_ref, CAST(DATE_TRUNC('MONTH', end_date) AS DATE), COALESCE(care_path, ''), wait_days");
    }

    private Map<String, Integer> describe(String sql) throws SQLException {
        Map<String, Integer> described = new TreeMap<>();
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                String carePath = rows.getString(4);
                described.merge(
                        String.format(
                                "%s %s %s %s %d: %d/%d/%d",
                                rows.getString(1),
                                rows.getString(2).replace("Organization/", ""),
                                rows.getObject(3, LocalDate.class).toString().substring(0, 7),
                                carePath.isEmpty() ? "-" : carePath,
                                rows.getInt(5),
                                rows.getInt(6),
                                rows.getInt(7),
                                rows.getInt(8)),
                        1,
                        Integer::sum);
            }
        }
        return described;
    }

    private void migrated(String product, String target) throws SQLException {
        if ("postgres".equals(product)) {
            assumeTrue(LocalPostgres.answers(), "PostgreSQL does not answer at " + LocalPostgres.ADDRESS);
            postgresDatabase = "hartketen_unit_"
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            LocalPostgres.recreate(postgresDatabase);
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setURL(LocalPostgres.url(postgresDatabase));
            postgres.setUser("postgres");
            database = postgres;
        } else {
            database = InMemoryDatabase.empty("ended-waits");
        }
        migrate(product, target);
        waits = new JdbcWaitStore(database);
    }

    private void migrate(String product, String target) {
        var configuration = DatabaseMigration.configuration(database, "postgres".equals(product));
        (target == null ? configuration : configuration.target(target)).load().migrate();
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }
}
