package nl.hartketen.infrastructure.persistence;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one data source. Defaults give the embedded H2 database under ./data; the environment variables
 * HARTKETEN_DB_URL, HARTKETEN_DB_DRIVER, HARTKETEN_DB_USER and HARTKETEN_DB_PASSWORD (or the same keys as
 * -Dhartketen.db.url=... system properties) point the same build at PostgreSQL. The inline defaults are required:
 * the application's own config file is not visible when the data source is created. H2 waits up to 10 s for a row
 * lock (its default is 1 s; PostgreSQL waits): writes for the same patient queue for that patient's row.
 *
 * <p>Two H2 settings keep what was acknowledged: {@code WRITE_DELAY=0} writes each commit to the file before the commit
 * returns (H2's default writes up to 500 ms later, so a killed process lost the last half second of acknowledged
 * changes), and the {@code retry:} file system reopens the file when a thread is interrupted during I/O (plain
 * {@code file:} closes the whole database for every request until a restart). {@code CACHE_SIZE} (KB) keeps up to 128 MB
 * of pages in memory instead of H2's 16 MB (a profile with 10,000 referrals found a fifth of search time in page
 * reads); a fixed bound, not a share of the heap, keeps resident memory predictable.
 *
 * <p>H2 is given as its {@code Driver}, not its {@code JdbcDataSource}: the latter is an XA data source, and Payara then
 * runs every transaction through its distributed-transaction coordinator, which enforces the transaction timeout only
 * when a further connection joins (a long transaction Bundle committed late instead of being rolled back). With the
 * driver, H2's transactions are local ones, as PostgreSQL's are, and Payara's timer rolls them back at the timeout.
 */
@DataSourceDefinition(
        name = "java:app/jdbc/hartketen",
        className = "${MPCONFIG=hartketen.db.driver:org.h2.Driver}",
        url = "${MPCONFIG=hartketen.db.url:" + DataSourceConfiguration.DEFAULT_URL + "}",
        user = "${MPCONFIG=hartketen.db.user:sa}",
        password = "${MPCONFIG=hartketen.db.password:}",
        minPoolSize = 2,
        maxPoolSize = 32,
        properties = {
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=meta-data"
        })
@ApplicationScoped
public class DataSourceConfiguration {

    /** The embedded database as shipped. */
    public static final String DEFAULT_URL =
            "jdbc:h2:retry:file:./data/hartketen;WRITE_DELAY=0;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64;CACHE_SIZE=131072";
}
