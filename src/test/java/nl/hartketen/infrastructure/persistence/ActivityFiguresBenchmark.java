package nl.hartketen.infrastructure.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import nl.hartketen.application.figures.ActivityFigures;
import org.h2.jdbcx.JdbcDataSource;

/**
 * How fast the activity figures answer at 100,000 referrals a year on H2 (a file, as the embedded default): the tables
 * the figures read are filled directly with the rows (and the day counts) that many referrals leave over two years (about 3.5 contacts, 0.3
 * treatments and tests and 0.4 meekijkconsulten and telediagnostics per referral, a sixth of it at the UMCG), then a
 * hospital's annual figures and a network's digital care are timed. Not a unit test; run it with (docs/figures.md)
 * <pre>
 * mvn -q -o test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=nl.hartketen.infrastructure.persistence.ActivityFiguresBenchmark -Dexec.args="100000"
 * </pre>
 */
public final class ActivityFiguresBenchmark {

    private static final List<String> HOSPITALS = List.of(
            "umcg",
            "martini",
            "ommelander",
            "wza",
            "treant",
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
    private static final String[] CONTACTS = {"physical", "physical", "physical", "telephone", "video", "written"};
    private static final String[] SERVICES = {"pci", "cabg", "tavi", "icd", "pacemaker", "af-ablation", "echo", "holter"
    };

    private ActivityFiguresBenchmark() {}

    public static void main(String[] args) throws Exception {
        int referralsPerYear = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        JdbcDataSource database = new JdbcDataSource();
        // kept open between the queries, as the server's pool keeps it (H2 closes a file when its last connection
        // closes)
        database.setURL("jdbc:h2:file:./target/activity-benchmark;WRITE_DELAY=0;DB_CLOSE_DELAY=-1");
        database.setUser("sa");
        try (Connection connection = database.getConnection()) {
            connection.createStatement().execute("DROP ALL OBJECTS");
        }
        InMemoryDatabase.migrate(database, null);
        Random random = new Random(1);
        long started = System.nanoTime();
        int rows = 0;
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement act = connection.prepareStatement("INSERT INTO care_activity (source_ref,"
                            + " organization_ref, activity_day, kind, code, referred) VALUES (?, ?, ?, ?, ?, ?)");
                    PreparedStatement request = connection.prepareStatement("INSERT INTO referral (id, category,"
                            + " status, subject_ref, performer_ref, authored_on) VALUES (?, ?, 'ACTIVE', 'Patient/p', ?,"
                            + " ?)")) {
                for (int n = 0; n < referralsPerYear * 2; n++) {
                    String hospital = "Organization/" + hospital(random);
                    LocalDate day = LocalDate.of(2025, 1, 1).plusDays(random.nextInt(730));
                    int contacts = 1 + random.nextInt(5);
                    for (int c = 0; c < contacts; c++) {
                        add(
                                act,
                                "Appointment/" + n + "-" + c,
                                hospital,
                                day.plusDays(c * 14L),
                                "CONTACT",
                                CONTACTS[random.nextInt(CONTACTS.length)],
                                false);
                        rows++;
                    }
                    if (random.nextDouble() < 0.3) {
                        String service = SERVICES[random.nextInt(SERVICES.length)];
                        add(
                                act,
                                "ServiceRequest/p" + n,
                                hospital,
                                day.plusDays(30),
                                service.equals("echo") || service.equals("holter") ? "DIAGNOSTIC" : "PROCEDURE",
                                service,
                                random.nextBoolean());
                        rows++;
                    }
                    if (random.nextDouble() < 0.4) {
                        request.setString(1, "r" + n);
                        request.setString(2, random.nextBoolean() ? "MEEKIJKCONSULT" : "TELEDIAGNOSTICS");
                        request.setString(3, hospital);
                        request.setTimestamp(4, Timestamp.valueOf(LocalDateTime.of(day, java.time.LocalTime.NOON)));
                        request.addBatch();
                        rows++;
                    }
                    if (n % 10_000 == 0) {
                        act.executeBatch();
                        request.executeBatch();
                        connection.commit();
                    }
                }
                act.executeBatch();
                request.executeBatch();
                connection.commit();
            }
            // the counts JdbcActivities keeps with every act, made at once
            connection
                    .createStatement()
                    .executeUpdate(
                            "INSERT INTO care_activity_day (organization_ref, activity_day, kind, code, referred,"
                                    + " acts) SELECT organization_ref, activity_day, kind, code, referred, COUNT(*) FROM"
                                    + " care_activity GROUP BY organization_ref, activity_day, kind, code, referred");
            connection.commit();
        }
        System.out.printf("filled %,d rows in %d s%n", rows, (System.nanoTime() - started) / 1_000_000_000);
        ActivityFigures figures =
                new ActivityFigures(InMemoryDatabase.activities(database), InMemoryDatabase.waitQueries(database));
        List<String> hartnet =
                HOSPITALS.subList(0, 5).stream().map(id -> "Organization/" + id).toList();
        for (int run = 0; run < 5; run++) {
            long annual = System.nanoTime();
            figures.annual("Organization/umcg", 2026, "chest-pain", 14);
            long digital = System.nanoTime();
            figures.digitalCare(hartnet, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), true);
            long end = System.nanoTime();
            System.out.printf(
                    "annual figures of the UMCG: %d ms; digital care of HartNet's year per hospital and month: %d ms%n",
                    (digital - annual) / 1_000_000, (end - digital) / 1_000_000);
        }
    }

    /** The UMCG has a sixth of the activity, the others share the rest. */
    private static String hospital(Random random) {
        return random.nextInt(6) == 0 ? "umcg" : HOSPITALS.get(1 + random.nextInt(HOSPITALS.size() - 1));
    }

    private static void add(
            PreparedStatement act,
            String source,
            String hospital,
            LocalDate day,
            String kind,
            String code,
            boolean referred)
            throws java.sql.SQLException {
        act.setString(1, source);
        act.setString(2, hospital);
        act.setObject(3, day);
        act.setString(4, kind);
        act.setString(5, code);
        act.setBoolean(6, referred);
        act.addBatch();
    }
}
