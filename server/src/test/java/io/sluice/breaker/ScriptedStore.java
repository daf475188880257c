package io.sluice.breaker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** An override store that hands listeners exactly what the test delivers, in the test's order. */
final class ScriptedStore implements OverrideStore {

    private final List<Consumer<BreakerOverride>> listeners = new CopyOnWriteArrayList<>();

    void deliver(BreakerOverride o) {
        listeners.forEach(l -> l.accept(o));
    }

    @Override
    public BreakerOverride put(BreakerOverride o) {
        deliver(o);
        return o;
    }

    @Override
    public Map<String, BreakerOverride> all() {
        return Map.of();
    }

    @Override
    public AutoCloseable listen(Consumer<BreakerOverride> onChange) {
        listeners.add(onChange);
        return () -> listeners.remove(onChange);
    }

    @Override
    public void close() {
    }
}
