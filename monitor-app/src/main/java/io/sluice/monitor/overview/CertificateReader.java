package io.sluice.monitor.overview;

import io.sluice.model.CertificateInfo;
import java.util.List;

/**
 * The certificates one member uses ({@code GET /admin/v1/certificates} on that member: each node
 * lists only its own). A port, so the overview's tests answer with a lambda; the app implements it
 * as {@code nodeId -> session.client(nodeId).certificates()}.
 */
@FunctionalInterface
public interface CertificateReader {

    /** Blocking; called off the UI thread. Throws what the admin client throws. */
    List<CertificateInfo> read(String nodeId);
}
