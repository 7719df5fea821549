package nl.hartketen.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import nl.hartketen.application.access.PartyStore;
import nl.hartketen.application.access.Relation;

/** Who is involved with what, in the resource_party table, joined to the caller's transaction. */
@ApplicationScoped
public class JdbcPartyStore implements PartyStore {

    /*
     * Insert-if-absent in one statement (a failed insert would abort a PostgreSQL transaction). On PostgreSQL only
     * ON CONFLICT is safe when two transactions add the same party at once (two referrals for one patient): with
     * NOT EXISTS both see no row and the second insert fails on the key. H2 has no ON CONFLICT outside its
     * PostgreSQL mode; there, as on PostgreSQL, the writes that add parties to one patient at once (its requests)
     * are kept apart by the patient's row lock (ResourceWriter).
     */
    private static final String INSERT_POSTGRES =
            "INSERT INTO resource_party (resource_type, resource_id, organization_ref, relation)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String INSERT_H2 =
            "INSERT INTO resource_party (resource_type, resource_id, organization_ref, relation)"
                    + " SELECT ?, ?, ?, ? FROM (VALUES (1)) AS one (x) WHERE NOT EXISTS (SELECT 1 FROM resource_party"
                    + " WHERE resource_type = ? AND resource_id = ? AND organization_ref = ? AND relation = ?)";

    @Resource(lookup = "java:app/jdbc/hartketen")
    private DataSource dataSource;

    public JdbcPartyStore() {
        // for CDI
    }

    JdbcPartyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void add(String reference, String organization, Relation relation) {
        String[] parts = split(reference);
        try (Connection connection = dataSource.getConnection()) {
            boolean postgres = Databases.isPostgres(connection);
            try (PreparedStatement insert = connection.prepareStatement(postgres ? INSERT_POSTGRES : INSERT_H2)) {
                for (int round = 0; round < (postgres ? 1 : 2); round++) {
                    insert.setString(1 + round * 4, parts[0]);
                    insert.setString(2 + round * 4, parts[1]);
                    insert.setString(3 + round * 4, organization);
                    insert.setString(4 + round * 4, relation.name());
                }
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not record who is involved with " + reference, e);
        }
    }

    @Override
    public Set<Relation> relations(String reference, String organization) {
        String[] parts = split(reference);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT relation FROM resource_party WHERE resource_type = ? AND resource_id = ? AND organization_ref = ?")) {
            select.setString(1, parts[0]);
            select.setString(2, parts[1]);
            select.setString(3, organization);
            Set<Relation> relations = EnumSet.noneOf(Relation.class);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    relations.add(Relation.valueOf(rs.getString(1)));
                }
            }
            return relations;
        } catch (SQLException e) {
            throw new StorageFailure("could not look up who is involved with " + reference, e);
        }
    }

    @Override
    public java.util.Map<String, Set<Relation>> parties(String reference) {
        String[] parts = split(reference);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT organization_ref, relation FROM resource_party WHERE resource_type = ? AND resource_id = ?")) {
            select.setString(1, parts[0]);
            select.setString(2, parts[1]);
            java.util.Map<String, Set<Relation>> parties = new java.util.HashMap<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    parties.computeIfAbsent(rs.getString(1), organization -> EnumSet.noneOf(Relation.class))
                            .add(Relation.valueOf(rs.getString(2)));
                }
            }
            return parties;
        } catch (SQLException e) {
            throw new StorageFailure("could not look up who is involved with " + reference, e);
        }
    }

    @Override
    public Set<String> involvedAmong(Collection<String> references, String organization) {
        Set<String> involved = new HashSet<>();
        List<String> all = new ArrayList<>(references);
        if (all.isEmpty()) {
            return involved;
        }
        StringBuilder sql = new StringBuilder(
                "SELECT DISTINCT resource_type, resource_id FROM resource_party WHERE organization_ref = ? AND (");
        for (int i = 0; i < all.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("(resource_type = ? AND resource_id = ?)");
        }
        sql.append(')');
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql.toString())) {
            select.setString(1, organization);
            for (int i = 0; i < all.size(); i++) {
                String[] parts = split(all.get(i));
                select.setString(2 + i * 2, parts[0]);
                select.setString(3 + i * 2, parts[1]);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    involved.add(rs.getString(1) + "/" + rs.getString(2));
                }
            }
            return involved;
        } catch (SQLException e) {
            throw new StorageFailure("could not look up who is involved", e);
        }
    }

    private static String[] split(String reference) {
        int slash = reference.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("not a Type/id reference: " + reference);
        }
        return new String[] {reference.substring(0, slash), reference.substring(slash + 1)};
    }
}
