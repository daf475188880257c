package io.sluice.monitor.certs;

import io.sluice.model.CertificateInfo;
import java.util.List;

/**
 * Reads the certificates one node uses. Each node has its own key material, so every member is
 * asked in turn (the certificates tab and the overview's days-left column). The app implements it as {@code nodeId -> session.client(nodeId).certificates()}.
 */
@FunctionalInterface
public interface CertificateReader {

    /** The node's certificates with the time left now; throws what the client threw. */
    List<CertificateInfo> certificates(String nodeId);
}
