package io.sluice.admin;

import io.sluice.cluster.ConfigStore;
import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.model.ConfigVersion;
import io.sluice.model.NodeStatus;
import io.sluice.model.RollbackRequest;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the admin API can do, one method per resource. Reads are plain JSON; changes take the
 * acting operator from {@link AdminExchange#actor()} and a reason, and go through the cluster
 * stores so that every node sees them.
 */
public final class AdminApi {

    private final ConfigStore config;
    private final Supplier<List<NodeStatus>> nodes;
    private final List<java.util.function.Consumer<AdminHandler>> extensions;

    public AdminApi(ConfigStore config, Supplier<List<NodeStatus>> nodes,
                    List<java.util.function.Consumer<AdminHandler>> extensions) {
        this.config = config;
        this.nodes = nodes;
        this.extensions = List.copyOf(extensions);
    }

    void register(AdminHandler h) {
        h.on("GET", "/nodes", (x, m) -> x.json(200, nodes.get()));
        h.on("GET", "/config", (x, m) -> {
            ConfigVersion head = config.head().orElseThrow(() -> new GatewayException(Failure.NOT_FOUND, "the cluster has no config yet"));
            x.response.getHeaders().put("ETag", "\"" + head.version() + "\"");
            if ("yaml".equals(x.query("format"))) {
                x.text(200, "application/yaml", head.yaml());
            } else {
                x.json(200, head);
            }
        });
        h.on("PUT", "/config", (x, m) -> {
            String yaml = x.body();
            ConfigVersion applied = config.propose(yaml, ifMatch(x), x.actor(), comment(x.header("X-Sluice-Comment")));
            x.response.getHeaders().put("ETag", "\"" + applied.version() + "\"");
            x.json(200, applied.summary());
        });
        h.on("GET", "/config/history", (x, m) -> x.json(200, config.history().stream().map(ConfigVersion::summary).toList()));
        h.on("GET", "/config/history/(\\d+)", (x, m) -> x.json(200, config.version(Long.parseLong(m.group(1)))
                .orElseThrow(() -> new GatewayException(Failure.NOT_FOUND, "version " + m.group(1) + " is not in the history"))));
        h.on("POST", "/config/rollback", (x, m) -> {
            RollbackRequest r = x.jsonBody(RollbackRequest.class);
            if (r.version() == null) {
                throw new GatewayException(Failure.INVALID_ADMIN_REQUEST, "version is required");
            }
            ConfigVersion applied = config.rollback(r.version(), ifMatch(x), x.actor(), comment(r.comment()));
            x.json(200, applied.summary());
        });
        for (var extension : extensions) {
            extension.accept(h);
        }
    }

    private static String comment(String comment) {
        return comment == null || comment.isBlank() ? "(no comment)" : comment.strip();
    }

    /** {@code If-Match: "12"} → 12; absent → null (any version). */
    private static Long ifMatch(AdminExchange x) {
        String v = x.header("If-Match");
        if (v == null || v.equals("*")) {
            return null;
        }
        String digits = v.strip().replace("W/", "").replace("\"", "");
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new GatewayException(Failure.INVALID_ADMIN_REQUEST, "If-Match must be a config version in quotes, such as \"12\"");
        }
    }
}
