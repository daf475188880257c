package io.sluice.tls;

import io.sluice.observe.LogBudget;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs failed TLS handshakes on a listener (a client without a certificate on the admin port, a
 * certificate from another CA, an expired one), which Jetty itself only logs at DEBUG. At most
 * {@link #PER_SECOND} lines a second per listener, with a count of what was left out, so a
 * handshake flood cannot fill the disk.
 */
public final class HandshakeLog implements SslHandshakeListener {

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeLog.class);
    static final int PER_SECOND = 5;

    private final String listener;
    private final AtomicLong failures = new AtomicLong();
    private final LogBudget budget = new LogBudget(PER_SECOND, Duration.ofSeconds(1), InstantSource.system());

    public HandshakeLog(String listener) {
        this.listener = listener;
    }

    @Override
    public void handshakeFailed(Event event, Throwable failure) {
        failures.incrementAndGet();
        long skipped = budget.admit();
        if (skipped < 0) {
            return;
        }
        SSLEngine engine = event.getSSLEngine();
        LOG.warn("TLS handshake failed on {} from {}: {}{}", listener, engine.getPeerHost() + ":" + engine.getPeerPort(),
                reason(failure), LogBudget.droppedSuffix(skipped, "failures"));
    }

    /** Failed handshakes on this listener since start. */
    public long failures() {
        return failures.get();
    }

    private static String reason(Throwable failure) {
        Throwable t = failure;
        String message = String.valueOf(t.getMessage());
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }
}
