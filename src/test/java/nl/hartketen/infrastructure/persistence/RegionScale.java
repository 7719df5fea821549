package nl.hartketen.infrastructure.persistence;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Grows a database that the application has filled (the region generator, through its own services) to the size of
 * a region after years, for the 1,000,000-referral benchmark (src/benchmark/region.sh, docs/benchmarks.md). Not a unit
 * test. Every patient's records are copied until there are {@code copies} of them, ids suffixed ".c2", ".c3"… and
 * references between them alike (copies already there are kept, so a run can be continued). Every table that grows
 * with referrals (resources, their versions, search index and parties, referrals with their identifiers, tasks and
 * events, episodes, waits and their counts) becomes {@code copies} times as large, with the same dates, hospitals and waits. Audit
 * entries are not copied: nobody did these things, and the audit chain stays intact. A copied resource's JSON still
 * carries its original's id: the copies are there for size, not to be read. Run with
 * <pre>
 * mvn -q -o test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=nl.hartketen.infrastructure.persistence.RegionScale -Dexec.args="clone jdbc:postgresql://… 11"
 * </pre>
 */
public final class RegionScale {

    /** The resources that belong to a patient's journey; directory resources (organizations, roles) are shared. */
    private static final List<String> JOURNEY_TYPES = List.of(
            "Patient",
            "ServiceRequest",
            "Task",
            "Appointment",
            "EpisodeOfCare",
            "Procedure",
            "DocumentReference",
            "Communication",
            "DiagnosticReport");
    /** Per table: the columns that hold a copied id or a reference to one; the first is the one copies are recognised by. */
    private static final Map<String, List<String>> COPIED = Map.ofEntries(
            Map.entry("resource", List.of("resource_id")),
            Map.entry("resource_version", List.of("resource_id")),
            Map.entry("search_index", List.of("resource_id", "index_value")),
            Map.entry("resource_party", List.of("resource_id")),
            Map.entry("referral", List.of("id", "subject_ref")),
            Map.entry("referral_identifier", List.of("referral_id", "id_value")),
            Map.entry("referral_task", List.of("id", "referral_id")),
            Map.entry("referral_event", List.of("id", "referral_id")),
            Map.entry("care_episode", List.of("id", "patient_ref", "current_request")),
            Map.entry("care_episode_request", List.of("episode_id", "request_id")),
            Map.entry("waiting_time", List.of("request_id")));
    /** In an order that keeps foreign keys satisfied. */
    private static final List<String> TABLES = List.of(
            "resource",
            "resource_version",
            "search_index",
            "resource_party",
            "referral",
            "referral_identifier",
            "referral_task",
            "referral_event",
            "care_episode",
            "care_episode_request",
            "waiting_time");

    private RegionScale() {}

    public static void main(String[] args) throws SQLException {
        if (args.length != 3 || !"clone".equals(args[0])) {
            throw new IllegalArgumentException("usage: clone <jdbc-url> <copies>");
        }
        clone(args[1], Integer.parseInt(args[2]));
    }

    private static void clone(String url, int copies) throws SQLException {
        try (Connection connection = connect(url)) {
            String types = JOURNEY_TYPES.stream().map(type -> "'" + type + "'").collect(Collectors.joining(", "));
            List<String> indexes = dropPostgresIndexes(connection);
            for (int copy = 2; copy <= copies; copy++) {
                String suffix = ".c" + copy;
                if (count(connection, "SELECT COUNT(*) FROM waiting_time WHERE request_id LIKE '%" + suffix + "'")
                        > 0) {
                    System.out.printf(Locale.ROOT, "copy %d: there already%n", copy);
                    continue;
                }
                for (String table : COPIED.keySet().stream()
                        .sorted((a, b) -> TABLES.indexOf(a) - TABLES.indexOf(b))
                        .toList()) {
                    long started = System.nanoTime();
                    int rows = execute(connection, copySql(connection, table, suffix, types));
                    System.out.printf(
                            Locale.ROOT,
                            "copy %d: %s %,d rows in %.1f s%n",
                            copy,
                            table,
                            rows,
                            (System.nanoTime() - started) / 1e9);
                }
                // Each copied wait falls in its original's bucket, so the counts of ended waits (V9) go from copy - 1
                // to copy
                // times the originals'.
                execute(
                        connection,
                        String.format(
                                Locale.ROOT,
                                "UPDATE waiting_time_month SET waits = waits / %1$d * %2$d,"
                                        + " within_target = within_target / %1$d * %2$d, within_maximum = within_maximum / %1$d * %2$d",
                                copy - 1,
                                copy));
                connection
                        .commit(); // a copy is all there or not at all, so that a run can be continued with more copies
            }
            for (String index : indexes) {
                long started = System.nanoTime();
                execute(connection, index);
                connection.commit();
                System.out.printf(Locale.ROOT, "%s in %.1f s%n", index, (System.nanoTime() - started) / 1e9);
            }
            for (String table : COPIED.keySet()) {
                System.out.printf(
                        Locale.ROOT, "%s: %,d rows%n", table, count(connection, "SELECT COUNT(*) FROM " + table));
            }
        }
    }

    /** INSERT … SELECT of the original rows, with the id columns suffixed (NULL stays NULL: {@code ||}, not CONCAT). */
    private static String copySql(Connection connection, String table, String suffix, String types)
            throws SQLException {
        List<String> columns = columns(connection, table);
        List<String> copied = COPIED.get(table);
        String references = JOURNEY_TYPES.stream()
                .map(type -> "index_value LIKE '" + type + "/%'")
                .collect(Collectors.joining(" OR "));
        String select = columns.stream()
                .map(column -> {
                    if (!copied.contains(column)) {
                        return column;
                    }
                    if (column.equals("index_value")) {
                        return "CASE WHEN " + references + " THEN index_value || '" + suffix + "' ELSE index_value END";
                    }
                    return column + " || '" + suffix + "'";
                })
                .collect(Collectors.joining(", "));
        String originals = copied.get(0) + " NOT LIKE '%.%'"
                + (columns.contains("resource_type") ? " AND resource_type IN (" + types + ")" : "");
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") SELECT " + select + " FROM " + table
                + " WHERE " + originals;
    }

    /**
     * On PostgreSQL, the secondary indexes (not those of keys and constraints) are dropped while copying and built again
     * from all rows at the end: growing them row by row at random places took 4 minutes a copy for the search index.
     *
     * @return the statements that create them again
     */
    private static List<String> dropPostgresIndexes(Connection connection) throws SQLException {
        List<String> indexes = new ArrayList<>();
        if (!connection.getMetaData().getURL().startsWith("jdbc:postgresql:")) {
            return indexes;
        }
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT IN (SELECT conname FROM pg_constraint)")) {
            while (result.next()) {
                String definition = result.getString(2);
                if (COPIED.keySet().stream().anyMatch(table -> definition.contains(" ON public." + table + " "))) {
                    indexes.add(definition);
                    execute(connection, "DROP INDEX " + result.getString(1));
                }
            }
        }
        execute(connection, "SET maintenance_work_mem = '1GB'");
        connection.commit();
        return indexes;
    }

    private static Connection connect(String url) throws SQLException {
        Connection connection = url.startsWith("jdbc:h2:")
                ? DriverManager.getConnection(url, "sa", "")
                : DriverManager.getConnection(url, "postgres", "");
        connection.setAutoCommit(false); // a copy is one transaction
        return connection;
    }

    private static List<String> columns(Connection connection, String table) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        boolean upper = metadata.storesUpperCaseIdentifiers();
        List<String> columns = new ArrayList<>();
        try (ResultSet result = metadata.getColumns(null, null, upper ? table.toUpperCase(Locale.ROOT) : table, null)) {
            while (result.next()) {
                String schema = result.getString("TABLE_SCHEM");
                if (Set.of("PUBLIC", "public").contains(schema)) {
                    columns.add(result.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalStateException(
                    "no table " + table + ": start the application on this database once, so that it is migrated");
        }
        return columns;
    }

    private static int execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
