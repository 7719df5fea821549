package nl.hartketen.infrastructure.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.hartketen.application.storage.ResourceContent;
import nl.hartketen.application.storage.ResourceStore;
import nl.hartketen.application.storage.StoredResource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every version reads back as it was written, while the current one's content is kept once (in {@code resource}) and
 * moves into its version row only when a newer version replaces it.
 */
class ResourceVersionsTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private JdbcDataSource database;
    private ResourceStore store;

    @BeforeEach
    void database() {
        database = InMemoryDatabase.migrated("versions");
        store = InMemoryDatabase.resourceStore(database);
    }

    private static ResourceContent patient(String family) {
        return new ResourceContent(
                "Patient",
                "p1",
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}",
                List.of());
    }

    @Test
    void eachVersionReadsAsWrittenAndTheCurrentContentIsStoredOnce() throws Exception {
        store.insert(patient("Jansen"), NOW);
        assertEquals(List.of(false), versionRowsWithContent(), "a create writes its content once");
        store.update(patient("de Vries"), 1L, NOW.plusSeconds(1));
        store.extend("Patient", "p1", List.of(), NOW.plusSeconds(2));
        store.update(patient("Bakker"), 3L, NOW.plusSeconds(3));

        assertEquals(List.of(true, true, true, false), versionRowsWithContent());
        assertEquals(
                List.of("Bakker", "de Vries", "de Vries", "Jansen"),
                store.history("Patient", "p1").stream()
                        .map(ResourceVersionsTest::family)
                        .toList());
        assertEquals("Jansen", family(store.read("Patient", "p1", 1).orElseThrow()));
        assertEquals("de Vries", family(store.read("Patient", "p1", 3).orElseThrow()));
        assertEquals("Bakker", family(store.read("Patient", "p1", 4).orElseThrow()));
        assertEquals(
                NOW.plusSeconds(1), store.read("Patient", "p1", 2).orElseThrow().lastUpdated());
    }

    private static String family(StoredResource stored) {
        String content = stored.content();
        int start = content.indexOf("\"family\":\"") + 10;
        return content.substring(start, content.indexOf('"', start));
    }

    private List<Boolean> versionRowsWithContent() throws Exception {
        List<Boolean> rows = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT content IS NOT NULL FROM resource_version WHERE resource_id = 'p1' ORDER BY version_id");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getBoolean(1));
            }
        }
        return rows;
    }
}
