package nl.hartketen.workflow.chain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A view built from stored resources that rarely change (the networks, the care paths), kept for a while so that a
 * write along the chain does not decode them again; dropped when one of its resources is written.
 */
final class KeptView<T> {

    private record Built<T>(T value, Instant at) {}

    private final Supplier<T> builder;
    private final Clock clock;
    private final Duration kept;
    private volatile Built<T> built;

    KeptView(Supplier<T> builder, Clock clock, Duration kept) {
        this.builder = builder;
        this.clock = clock;
        this.kept = kept;
    }

    T get() {
        Built<T> current = built;
        if (current == null || current.at().plus(kept).isBefore(clock.instant())) {
            current = new Built<>(builder.get(), clock.instant());
            built = current;
        }
        return current.value();
    }

    void drop() {
        built = null;
    }
}
