package io.sluice.admin;

import io.sluice.observe.Metrics;
import io.sluice.tls.CertificateInventory;

/**
 * Admin resources about this node itself rather than the cluster: the certificates it uses with
 * days left ({@code GET /admin/v1/certificates}) and its Prometheus metrics ({@code GET /metrics}
 * on the admin port, so a scraper needs a viewer certificate like any other reader).
 */
public final class NodeAdmin {

    private final CertificateInventory certificates;
    private final Metrics metrics;

    public NodeAdmin(CertificateInventory certificates, Metrics metrics) {
        this.certificates = certificates;
        this.metrics = metrics;
    }

    public void register(AdminHandler h) {
        h.on("GET", "/certificates", (x, m) -> x.json(200, certificates.list()));
        h.onPath("GET", "/metrics", (x, m) -> x.text(200, metrics.contentType(), metrics.scrape()));
    }
}
