package nl.hartketen.infrastructure.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import nl.hartketen.LocalPostgres;
import nl.hartketen.application.waiting.Dimension;
import nl.hartketen.application.waiting.ReportFilter;
import nl.hartketen.application.waiting.WaitingTimeReport;
import nl.hartketen.domain.waiting.Measure;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * How fast the waiting-time report answers with a region's waits kept, on H2 (a file, as the embedded default) and
 * PostgreSQL: {@code waiting_time} is filled directly with realistic rows (the report reads nothing else but the
 * counts V9 makes of them), then a network's report is timed as the API asks for it. Not a unit test; run it with
 * (see docs/benchmarks.md)
 * <pre>
 * mvn -q -o test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=nl.hartketen.infrastructure.persistence.WaitingTimeReportBenchmark -Dexec.args="h2 1222562"
 * </pre>
 * ("postgres" instead of "h2" uses database hartketen_bench on 127.0.0.1:5432, dropped and created anew).
 */
public final class WaitingTimeReportBenchmark {

    /** The network reported on: CardioNoVo+'s hospitals (deployments/networks), with 80% of the region's activity. */
    private static final List<String> NETWORK = List.of(
            "amsterdam-umc",
            "bovenij",
            "dijklander",
            "flevoziekenhuis",
            "nwz",
            "olvg",
            "rode-kruis",
            "spaarne-gasthuis",
            "tergooi",
            "zaans-mc",
            "amstelland");
    /** HartNet's hospitals, with the rest. */
    private static final List<String> ELSEWHERE = List.of("umcg", "martini", "ommelander", "wza", "treant");

    private static final String[] CARE_PATHS = {
        "chest-pain", "atrial-fibrillation", "heart-failure", "aortic-valve-stenosis", "coronary-cabg", null
    };
    /** The procedure a care path leads to, by the same index. */
    private static final String[] PROCEDURES = {"pci", "af-ablation", "icd", "tavi", "cabg", "pci"};

    private WaitingTimeReportBenchmark() {}

    public static void main(String[] args) throws Exception {
        String database = args.length > 0 ? args[0] : "h2";
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_222_562;
        DataSource dataSource = "postgres".equals(database) ? postgres() : h2();
        // the waits are written before V9, so that the migration counts them as it would in an installation upgraded
        migrate(dataSource, database, "8");
        long started = System.nanoTime();
        fill(dataSource, rows);
        System.out.printf("%s: %,d waits written in %.1f s%n", database, rows, (System.nanoTime() - started) / 1e9);
        started = System.nanoTime();
        migrate(dataSource, database, null);
        System.out.printf(
                "%s: the migrations after V8 (V9 counts the ended waits per month) took %.1f s%n",
                database, (System.nanoTime() - started) / 1e9);
        if ("postgres".equals(database)) {
            // as autovacuum would have by the time anyone reads a report (the PostgreSQL on these machines runs without
            // it): statistics for the planner, and the visibility map that lets the report read indexes alone
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("VACUUM ANALYZE");
            }
        }

        WaitingTimeReport report = new WaitingTimeReport(new JdbcWaitQueries(dataSource));
        LocalDate today = LocalDate.now();
        Set<String> network = NETWORK.stream().map(id -> "Organization/" + id).collect(Collectors.toSet());
        ReportFilter lastYear =
                new ReportFilter(Measure.ACCESS, network, null, null, null, today.minusDays(364), today);
        for (List<Dimension> groupBy : List.of(
                List.of(Dimension.ORGANIZATION),
                List.of(Dimension.ORGANIZATION, Dimension.MONTH),
                List.of(Dimension.CARE_PATH))) {
            System.gc();
            long heapBefore = usedHeap();
            List<Long> millis = new ArrayList<>();
            int size = 0;
            for (int run = 0; run < 6; run++) {
                long start = System.nanoTime();
                size = report.rows(lastYear, groupBy, today).size();
                millis.add((System.nanoTime() - start) / 1_000_000);
            }
            System.gc();
            long heapAfter = usedHeap();
            System.out.printf(
                    "%s, network of %d organizations, last 365 days, groupBy %s: %d rows; first %d ms, then %s ms;"
                            + " heap in use %d MB before, %d MB after%n",
                    database,
                    NETWORK.size(),
                    groupBy,
                    size,
                    millis.get(0),
                    millis.subList(1, millis.size()),
                    heapBefore,
                    heapAfter);
        }
    }

    private static void migrate(DataSource dataSource, String database, String target) {
        var configuration = DatabaseMigration.configuration(dataSource, "postgres".equals(database));
        (target == null ? configuration : configuration.target(target)).load().migrate();
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
    }

    /**
     * Waits shaped like the region that {@code src/benchmark/region.sh} generates through the application: the past
     * 400 days, 80% of them in the network's 11 hospitals; 58% access, 30% loops, the rest treatment, diagnostics and
     * consults; 88% ended, 7% waiting, 5% dropped; access waits log-normal around 24 days. Start days are drawn at
     * random, not copied, so groups and days spread as in a real year.
     */
    private static void fill(DataSource dataSource, int rows) throws SQLException {
        Random random = new Random(1);
        LocalDate today = LocalDate.now();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO waiting_time (request_id, measure, performer_ref,"
                            + " service_code, priority, care_path, inpatient, state, start_date, end_date, paused_days, paused_since, wait_days,"
                            + " within_target, within_maximum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    double kind = random.nextDouble();
                    Measure measure = kind < 0.58
                            ? Measure.ACCESS
                            : kind < 0.88
                                    ? Measure.LOOP
                                    : kind < 0.94
                                            ? Measure.TREATMENT
                                            : kind < 0.98 ? Measure.DIAGNOSTICS : Measure.CONSULT_RESPONSE;
                    int carePath = random.nextInt(CARE_PATHS.length);
                    String service = switch (measure) {
                        case TREATMENT -> PROCEDURES[carePath];
                        case DIAGNOSTICS -> "echo";
                        default -> random.nextDouble() < 0.9 ? "outpatient-cardiology" : "chest-pain-clinic";
                    };
                    LocalDate start = today.minusDays(random.nextInt(400));
                    double typical = measure == Measure.LOOP ? 90 : measure == Measure.CONSULT_RESPONSE ? 2 : 24;
                    int days = (int) Math.round(typical * Math.exp(0.5 * random.nextGaussian()));
                    double state = random.nextDouble();
                    boolean ended = state < 0.88 && !start.plusDays(days).isAfter(today);
                    List<String> organizations = random.nextDouble() < 0.8 ? NETWORK : ELSEWHERE;
                    double priority = random.nextDouble();
                    insert.setString(1, "r" + i);
                    insert.setString(2, measure.name());
                    insert.setString(3, "Organization/" + organizations.get(random.nextInt(organizations.size())));
                    insert.setString(4, service);
                    insert.setString(5, priority < 0.85 ? "routine" : priority < 0.97 ? "urgent" : "asap");
                    insert.setString(6, CARE_PATHS[carePath]);
                    insert.setBoolean(7, measure == Measure.TREATMENT && carePath == 4);
                    insert.setString(8, ended ? "ENDED" : state < 0.95 ? "WAITING" : "DROPPED");
                    insert.setObject(9, start);
                    if (ended) {
                        insert.setObject(10, start.plusDays(days));
                        insert.setInt(11, 0);
                        insert.setInt(12, days);
                        insert.setBoolean(13, days <= 21);
                        insert.setBoolean(14, days <= 28);
                    } else {
                        insert.setNull(10, java.sql.Types.DATE);
                        insert.setInt(11, 0);
                        insert.setNull(12, java.sql.Types.INTEGER);
                        insert.setNull(13, java.sql.Types.BOOLEAN);
                        insert.setNull(14, java.sql.Types.BOOLEAN);
                    }
                    insert.addBatch();
                    if (i % 10_000 == 9_999) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
                insert.executeBatch();
                connection.commit();
            }
        }
    }

    private static DataSource h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        String file = "target/bench-h2/report-" + System.currentTimeMillis();
        // kept open between queries, as the application's connection pool keeps it (closing it empties H2's cache)
        h2.setURL("jdbc:h2:file:./" + file + ";LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        System.out.println("h2: " + file + ".mv.db");
        return h2;
    }

    private static DataSource postgres() throws SQLException {
        LocalPostgres.recreate("hartketen_bench");
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(LocalPostgres.url("hartketen_bench") + "?reWriteBatchedInserts=true");
        postgres.setUser("postgres");
        return postgres;
    }
}
