package io.sluice.tls;

import io.sluice.config.IdentityConfig;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The node's cluster identity ({@link IdentityConfig}) as currently on disk: loaded at start, and
 * replaced by {@link #reload()} when the {@link KeyStoreWatcher} sees either file change. A reload
 * that fails (a half-copied store, a wrong password) keeps the previous credentials.
 */
public final class IdentityWatch implements Supplier<NodeCredentials> {

    private final IdentityConfig config;
    private final AtomicReference<NodeCredentials> current;

    public IdentityWatch(IdentityConfig config) {
        this.config = config;
        this.current = new AtomicReference<>(load());
    }

    /** The credentials in use now. */
    public NodeCredentials current() {
        return current.get();
    }

    @Override
    public NodeCredentials get() {
        return current();
    }

    /** Reads both files again; returns the new credentials, or throws and keeps the old ones. */
    public NodeCredentials reload() {
        NodeCredentials next = load();
        current.set(next);
        return next;
    }

    public Path keyStore() {
        return Path.of(config.keyStore());
    }

    public Path trustStore() {
        return Path.of(config.trustStore());
    }

    private NodeCredentials load() {
        return KeyMaterial.credentials(keyStore(), config.keyStorePassword(), trustStore(), config.trustStorePassword());
    }
}
