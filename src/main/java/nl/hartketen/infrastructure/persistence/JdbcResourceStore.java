package nl.hartketen.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import nl.hartketen.application.storage.IndexEntry;
import nl.hartketen.application.storage.ResourceContent;
import nl.hartketen.application.storage.ResourceNotFound;
import nl.hartketen.application.storage.ResourceStore;
import nl.hartketen.application.storage.SearchKey;
import nl.hartketen.application.storage.SearchQuery;
import nl.hartketen.application.storage.StoredResource;
import nl.hartketen.application.storage.VersionConflict;
import nl.hartketen.domain.shared.DuplicateIdentifier;
import nl.hartketen.domain.shared.Identifier;
import nl.hartketen.domain.shared.UniqueIdentifiers;

/**
 * Resources in plain JDBC on the container's data source, so that they join the caller's JTA transaction
 * (and the domain's JPA changes) while index rows are written in one batch.
 */
@ApplicationScoped
public class JdbcResourceStore implements ResourceStore {

    private static final String COLUMNS = "resource_type, resource_id, version_id, last_updated, content";
    /**
     * A version's columns: its content is kept in the version row once it is no longer the current one; the current
     * version's content is only in {@code resource} (V19), so a create writes its JSON once.
     */
    private static final String VERSION_COLUMNS = "v.resource_type, v.resource_id, v.version_id, v.last_updated,"
            + " COALESCE(v.content, r.content) FROM resource_version v JOIN resource r"
            + " ON r.resource_type = v.resource_type AND r.resource_id = v.resource_id";
    /** Before a new version becomes current, the one it replaces gets its content in its own row. */
    private static final String KEEP_REPLACED =
            "UPDATE resource_version SET content = (SELECT r.content FROM resource r"
                    + " WHERE r.resource_type = ? AND r.resource_id = ?) WHERE resource_type = ? AND resource_id = ?"
                    + " AND version_id = ? AND content IS NULL";

    @Resource(lookup = "java:app/jdbc/hartketen")
    private DataSource dataSource;

    public JdbcResourceStore() {
        // for CDI
    }

    JdbcResourceStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public StoredResource insert(ResourceContent content, Instant now) {
        StoredResource stored = new StoredResource(content.type(), content.id(), 1, now, content.content());
        try (Connection connection = dataSource.getConnection()) {
            execute(connection, "INSERT INTO resource (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", stored);
            writeVersionAndIndex(connection, stored, content.index());
            return stored;
        } catch (SQLException e) {
            throw new StorageFailure("could not store " + stored.reference(), e);
        }
    }

    @Override
    public boolean lock(String type, String id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement lock = connection.prepareStatement(
                        "SELECT version_id FROM resource WHERE resource_type = ? AND resource_id = ? FOR UPDATE")) {
            lock.setString(1, type);
            lock.setString(2, id);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not lock " + type + "/" + id, e);
        }
    }

    @Override
    public StoredResource update(ResourceContent content, Long expectedVersion, Instant now) {
        String reference = content.type() + "/" + content.id();
        try (Connection connection = dataSource.getConnection()) {
            long current;
            // Row lock: concurrent updates of one resource queue up here instead of losing one another's change.
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT version_id FROM resource WHERE resource_type = ? AND resource_id = ? FOR UPDATE")) {
                lock.setString(1, content.type());
                lock.setString(2, content.id());
                try (ResultSet rs = lock.executeQuery()) {
                    if (!rs.next()) {
                        throw new ResourceNotFound(reference);
                    }
                    current = rs.getLong(1);
                }
            }
            if (expectedVersion != null && expectedVersion != current) {
                throw new VersionConflict(reference, expectedVersion, current);
            }
            StoredResource stored =
                    new StoredResource(content.type(), content.id(), current + 1, now, content.content());
            keepReplaced(connection, content.type(), content.id(), current);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE resource SET version_id = ?, last_updated = ?, content = ? WHERE resource_type = ? AND resource_id = ?")) {
                update.setLong(1, stored.version());
                update.setObject(2, utc(now));
                update.setString(3, stored.content());
                update.setString(4, stored.type());
                update.setString(5, stored.id());
                update.executeUpdate();
            }
            for (String table : List.of("search_index", "unique_identifier")) {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM " + table + " WHERE resource_type = ? AND resource_id = ?")) {
                    delete.setString(1, stored.type());
                    delete.setString(2, stored.id());
                    delete.executeUpdate();
                }
            }
            writeVersionAndIndex(connection, stored, content.index());
            return stored;
        } catch (SQLException e) {
            throw new StorageFailure("could not update " + reference, e);
        }
    }

    @Override
    public StoredResource extend(String type, String id, List<IndexEntry> added, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            StoredResource current;
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM resource WHERE resource_type = ? AND resource_id = ? FOR UPDATE")) {
                lock.setString(1, type);
                lock.setString(2, id);
                try (ResultSet rs = lock.executeQuery()) {
                    if (!rs.next()) {
                        throw new ResourceNotFound(type + "/" + id);
                    }
                    current = new StoredResource(type, id, rs.getLong(3) + 1, now, rs.getString(5));
                }
            }
            keepReplaced(connection, type, id, current.version() - 1);
            try (PreparedStatement update = connection.prepareStatement("UPDATE resource SET version_id = ?,"
                    + " last_updated = ? WHERE resource_type = ? AND resource_id = ?")) {
                update.setLong(1, current.version());
                update.setObject(2, utc(now));
                update.setString(3, type);
                update.setString(4, id);
                update.executeUpdate();
            }
            writeVersionAndIndex(connection, current, added);
            return current;
        } catch (SQLException e) {
            throw new StorageFailure("could not extend " + type + "/" + id, e);
        }
    }

    private void writeVersionAndIndex(Connection connection, StoredResource stored, List<IndexEntry> index)
            throws SQLException {
        try (PreparedStatement version = connection.prepareStatement("INSERT INTO resource_version (resource_type,"
                + " resource_id, version_id, last_updated) VALUES (?, ?, ?, ?)")) {
            version.setString(1, stored.type());
            version.setString(2, stored.id());
            version.setLong(3, stored.version());
            version.setObject(4, utc(stored.lastUpdated()));
            version.executeUpdate();
        }
        queueForNotifications(connection, stored);
        registerUniqueIdentifiers(connection, stored, index);
        if (index.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO search_index (resource_type, resource_id, param, token_system, index_value, date_low,"
                        + " date_high, last_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            LocalDateTime lastUpdated = utc(stored.lastUpdated());
            for (IndexEntry entry : index) {
                insert.setString(1, stored.type());
                insert.setString(2, stored.id());
                insert.setString(3, entry.param());
                insert.setString(4, entry.system());
                insert.setString(5, entry.value() == null ? null : truncate(entry.value(), 512));
                setLong(insert, 6, entry.low());
                setLong(insert, 7, entry.high());
                insert.setObject(8, lastUpdated);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The transactional outbox: the version is announced if and only if it is committed (V15__notifications.sql). */
    private static void queueForNotifications(Connection connection, StoredResource stored) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO change_outbox (resource_type,"
                + " resource_id, version_id, changed_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, stored.type());
            insert.setString(2, stored.id());
            insert.setLong(3, stored.version());
            insert.setObject(4, utc(stored.lastUpdated()));
            insert.executeUpdate();
        }
    }

    /**
     * Claims the resource's identifiers that must be unique. A value another resource holds (or is claiming in a
     * transaction not committed yet: the database makes this one wait for it) is refused.
     */
    private static void registerUniqueIdentifiers(Connection connection, StoredResource stored, List<IndexEntry> index)
            throws SQLException {
        List<Identifier> unique = index.stream()
                .filter(entry -> "identifier".equals(entry.param())
                        && entry.value() != null
                        && UniqueIdentifiers.isUnique(stored.type(), entry.system()))
                .map(entry -> new Identifier(entry.system(), entry.value()))
                .distinct()
                .toList();
        for (Identifier identifier : unique) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO unique_identifier (resource_type, id_system, id_value, resource_id) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, stored.type());
                insert.setString(2, identifier.system());
                insert.setString(3, identifier.value());
                insert.setString(4, stored.id());
                insert.executeUpdate();
            } catch (SQLException e) {
                if (Databases.isUniqueViolation(e)) {
                    throw new DuplicateIdentifier(stored.type(), identifier);
                }
                throw e;
            }
        }
    }

    private static void execute(Connection connection, String sql, StoredResource stored) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, stored.type());
            statement.setString(2, stored.id());
            statement.setLong(3, stored.version());
            statement.setObject(4, utc(stored.lastUpdated()));
            statement.setString(5, stored.content());
            statement.executeUpdate();
        }
    }

    private static void keepReplaced(Connection connection, String type, String id, long version) throws SQLException {
        try (PreparedStatement keep = connection.prepareStatement(KEEP_REPLACED)) {
            keep.setString(1, type);
            keep.setString(2, id);
            keep.setString(3, type);
            keep.setString(4, id);
            keep.setLong(5, version);
            keep.executeUpdate();
        }
    }

    @Override
    public Optional<StoredResource> read(String type, String id) {
        return querySingle(
                "SELECT " + COLUMNS + " FROM resource WHERE resource_type = ? AND resource_id = ?", type, id);
    }

    @Override
    public Optional<StoredResource> read(String type, String id, long version) {
        return querySingle(
                "SELECT " + VERSION_COLUMNS + " WHERE v.resource_type = ? AND v.resource_id = ? AND v.version_id = ?",
                type,
                id,
                version);
    }

    @Override
    public boolean exists(String type, String id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT 1 FROM resource WHERE resource_type = ? AND resource_id = ?")) {
            statement.setString(1, type);
            statement.setString(2, id);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not look up " + type + "/" + id, e);
        }
    }

    @Override
    public List<StoredResource> readAll(Collection<String> references) {
        List<StoredResource> found = new ArrayList<>();
        for (String reference : references) {
            int slash = reference.indexOf('/');
            if (slash > 0) {
                read(reference.substring(0, slash), reference.substring(slash + 1))
                        .ifPresent(found::add);
            }
        }
        return found;
    }

    @Override
    public List<StoredResource> history(String type, String id) {
        return query(
                "SELECT " + VERSION_COLUMNS
                        + " WHERE v.resource_type = ? AND v.resource_id = ? ORDER BY v.version_id DESC",
                List.of(type, id));
    }

    @Override
    public int count(SearchQuery query) {
        SqlSearch.Statement count = new SqlSearch(query).count();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(count.sql())) {
            SqlLists.bindAll(statement, count.parameters());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not count " + query.type(), e);
        }
    }

    /** The page's keys first (from the indexes alone), then the content of that page only. */
    @Override
    public List<StoredResource> search(SearchQuery query, SearchKey after, int limit) {
        SqlSearch sql = new SqlSearch(query);
        List<SearchKey> keys = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            SearchKey from = after;
            while (keys.size() < limit) {
                int wanted = limit - keys.size();
                List<SearchKey> found = keys(connection, sql.keys(query.sort(), from, wanted));
                for (SearchKey key : found) {
                    // a resource that holds the driving value twice comes twice in a row
                    if (keys.isEmpty() || !keys.get(keys.size() - 1).equals(key)) {
                        keys.add(key);
                    }
                }
                if (found.size() < wanted) {
                    break;
                }
                from = found.get(found.size() - 1);
            }
            return contentOf(connection, query.type(), keys);
        } catch (SQLException e) {
            throw new StorageFailure("could not search " + query.type(), e);
        }
    }

    private static List<SearchKey> keys(Connection connection, SqlSearch.Statement page) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(page.sql())) {
            SqlLists.bindAll(statement, page.parameters());
            List<SearchKey> keys = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    keys.add(new SearchKey(
                            rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC), rs.getString(2)));
                }
            }
            return keys;
        }
    }

    /**
     * The current versions of the keyed resources, in the keys' order. The ids are joined as a VALUES list: H2 looks up
     * an IN list through an index only on the index's first column (here the type), so "resource_id IN (…)" compared
     * every resource of the type with each id (measured: 12.6 ms for 50 among 20,000; the join: 0.3 ms).
     */
    private static List<StoredResource> contentOf(Connection connection, String type, List<SearchKey> keys)
            throws SQLException {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<String> ids = keys.stream().map(SearchKey::id).toList();
        Map<String, StoredResource> byId = new HashMap<>();
        String values = String.join(", ", Collections.nCopies(ids.size(), "(?)"));
        try (PreparedStatement statement = connection.prepareStatement("SELECT r.resource_type, r.resource_id,"
                + " r.version_id, r.last_updated, r.content FROM (VALUES " + values + ") AS k (id)"
                + " JOIN resource r ON r.resource_type = ? AND r.resource_id = k.id")) {
            SqlLists.bind(statement, 1, ids);
            statement.setString(ids.size() + 1, type);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    StoredResource stored = stored(rs);
                    byId.put(stored.id(), stored);
                }
            }
        }
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    private Optional<StoredResource> querySingle(String sql, Object... parameters) {
        return query(sql, List.of(parameters)).stream().findFirst();
    }

    private List<StoredResource> query(String sql, List<Object> parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            SqlLists.bindAll(statement, parameters);
            List<StoredResource> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(stored(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new StorageFailure("could not read resources", e);
        }
    }

    /** A row of {@link #COLUMNS}. */
    private static StoredResource stored(ResultSet rs) throws SQLException {
        return new StoredResource(
                rs.getString(1),
                rs.getString(2),
                rs.getLong(3),
                rs.getObject(4, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                rs.getString(5));
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static String truncate(String value, int length) {
        return value.length() <= length ? value : value.substring(0, length);
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
