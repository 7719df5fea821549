package nl.hartketen.domain.shared;

import java.util.Objects;

/** A business identifier: a value that is unique within the naming system it belongs to. */
public record Identifier(String system, String value) {

    public Identifier {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(value, "value");
        if (system.isBlank() || value.isBlank()) {
            throw new RuleViolation("identifier", "an identifier needs both a system and a value");
        }
    }

    @Override
    public String toString() {
        return system + "|" + value;
    }
}
