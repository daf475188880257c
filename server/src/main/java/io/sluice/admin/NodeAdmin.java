package io.sluice.admin;

import io.sluice.error.Failure;
import io.sluice.error.GatewayException;
import io.sluice.model.DrainRequest;
import io.sluice.model.NodeInfo;
import io.sluice.observe.Metrics;
import io.sluice.tls.CertificateInventory;
import java.util.function.Supplier;

/**
 * Admin resources about this node itself rather than the cluster: who it is and how its JVM is
 * doing ({@code GET /admin/v1/node}), draining it before a restart ({@code POST /admin/v1/node/drain}),
 * the certificates it uses with days left ({@code GET /admin/v1/certificates}) and its Prometheus
 * metrics ({@code GET /metrics} on the admin port, so a scraper needs a viewer certificate like
 * any other reader).
 */
public final class NodeAdmin {

    /** What draining does to the node; see {@code GatewayNode.drain}. */
    @FunctionalInterface
    public interface Drain {
        void drain(String actor, String reason);
    }

    private final Supplier<NodeInfo> info;
    private final Drain drain;
    private final CertificateInventory certificates;
    private final Metrics metrics;

    public NodeAdmin(Supplier<NodeInfo> info, Drain drain, CertificateInventory certificates, Metrics metrics) {
        this.info = info;
        this.drain = drain;
        this.certificates = certificates;
        this.metrics = metrics;
    }

    public void register(AdminHandler h) {
        h.on("GET", "/node", (x, m) -> x.json(200, info.get()));
        h.on("POST", "/node/drain", (x, m) -> {
            DrainRequest r = x.jsonBody(DrainRequest.class);
            if (r.reason() == null || r.reason().isBlank()) {
                throw new GatewayException(Failure.INVALID_ADMIN_REQUEST, "reason is required: it is logged with who drained the node");
            }
            drain.drain(x.actor(), r.reason().strip());
            x.json(200, info.get());
        });
        h.on("GET", "/certificates", (x, m) -> x.json(200, certificates.list()));
        h.onPath("GET", "/metrics", (x, m) -> x.text(200, metrics.contentType(), metrics.scrape()));
    }
}
