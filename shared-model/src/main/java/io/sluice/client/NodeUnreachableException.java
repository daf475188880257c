package io.sluice.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * An admin call got no answer: the node refused the connection, did not answer in time, or the
 * TLS handshake failed (a certificate the node does not trust, or a node certificate this client
 * does not trust). {@link #reason()} says which in a few words.
 */
public final class NodeUnreachableException extends UncheckedIOException {

    private final URI node;
    private final String reason;

    public NodeUnreachableException(URI node, String reason, IOException cause) {
        super("cannot reach " + node + ": " + reason, cause);
        this.node = node;
        this.reason = reason;
    }

    public URI node() {
        return node;
    }

    public String reason() {
        return reason;
    }

    /** True when the TLS handshake failed, as opposed to no connection or no answer at all. */
    public boolean tlsFailure() {
        return getCause() instanceof javax.net.ssl.SSLException;
    }
}
