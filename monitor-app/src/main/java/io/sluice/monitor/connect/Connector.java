package io.sluice.monitor.connect;

import io.sluice.monitor.session.ClusterSession;

/**
 * Turns a profile and a password into a started {@link ClusterSession}: blocking (TLS handshake,
 * first calls), so the connect view model runs it off the UI thread. Throws with a sentence that
 * names the file or the node when it cannot.
 */
@FunctionalInterface
public interface Connector {

    ClusterSession connect(ConnectionProfile profile, char[] password);
}
