package io.sluice.monitor.config;

import io.sluice.client.AdminClient;
import io.sluice.model.ConfigVersion;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The cluster's shared config as the admin API serves it. The config and its history live in
 * the cluster, not on a node, so any member answers the same; {@link #using} asks whichever
 * member the supplier names each time (the app passes {@code session::any}).
 */
public interface ConfigAdmin {

    /** The newest version, with its YAML. */
    ConfigVersion current();

    /** The kept versions, without their YAML. */
    List<ConfigVersion> history();

    /** One kept version with its YAML. */
    ConfigVersion version(long version);

    /** Makes {@code version}'s text the next version; the nodes record {@code comment} with the operator's name. */
    ConfigVersion rollback(long version, String comment);

    /** Every call through the client {@code client} supplies at that moment. */
    static ConfigAdmin using(Supplier<AdminClient> client) {
        Objects.requireNonNull(client, "client");
        return new ConfigAdmin() {
            @Override
            public ConfigVersion current() {
                return client.get().config();
            }

            @Override
            public List<ConfigVersion> history() {
                return client.get().configHistory();
            }

            @Override
            public ConfigVersion version(long version) {
                return client.get().configVersion(version);
            }

            @Override
            public ConfigVersion rollback(long version, String comment) {
                return client.get().rollback(version, comment);
            }
        };
    }
}
