package nl.hartketen.domain.chain;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A care path (zorgpad), e.g. chest pain / stable angina: the route a patient with these reasons for referral takes
 * along the chain.
 *
 * @param id          the PlanDefinition id, e.g. "chest-pain"
 * @param reasonCodes the SNOMED CT reasons for referral that put a patient on it
 */
public record CarePath(String id, String title, Set<String> reasonCodes) {

    public CarePath {
        Objects.requireNonNull(id, "id");
        reasonCodes = Set.copyOf(reasonCodes);
    }

    /** The first of {@code paths} whose reasons include one of {@code reasons}. */
    public static Optional<CarePath> forReasons(List<CarePath> paths, Collection<String> reasons) {
        return paths.stream()
                .filter(path -> reasons.stream().anyMatch(path.reasonCodes()::contains))
                .findFirst();
    }
}
