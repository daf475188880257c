package io.sluice.cluster;

import io.sluice.model.ConfigVersion;

/** A config change was based on a version that is no longer the newest: re-read and try again. */
public final class VersionConflictException extends RuntimeException {

    private final transient ConfigVersion current;

    public VersionConflictException(long expected, ConfigVersion current) {
        super("the change was based on version " + expected + " but the cluster runs version "
                + (current == null ? "none" : current.version()), null, false, false);
        this.current = current;
    }

    public ConfigVersion current() {
        return current;
    }
}
