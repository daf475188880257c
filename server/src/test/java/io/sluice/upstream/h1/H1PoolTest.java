package io.sluice.upstream.h1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A closed pool keeps nothing: its idle connections close at once, a connection lent out when it
 * closed is closed when handed back, and the upstream sees those sockets end.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class H1PoolTest {

    private ServerSocket upstream;
    private final List<Socket> accepted = new ArrayList<>();
    private H1Watchdog watchdog;
    private H1Pool pool;

    @BeforeEach
    void start() throws Exception {
        upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        watchdog = new H1Watchdog("sluice-timeouts-pool-test");
        pool = new H1Pool("127.0.0.1", upstream.getLocalPort(), 4, 4, TimeUnit.SECONDS.toNanos(30), watchdog);
    }

    @AfterEach
    void stop() throws Exception {
        pool.close();
        watchdog.close();
        for (Socket s : accepted) {
            s.close();
        }
        upstream.close();
    }

    /** Opens a connection through the pool and returns the upstream's end of it. */
    private H1Connection open() throws Exception {
        H1Connection c = pool.open(2000);
        accepted.add(upstream.accept());
        return c;
    }

    private static boolean closedByPeer(Socket upstreamSide) throws Exception {
        upstreamSide.setSoTimeout(5000);
        InputStream in = upstreamSide.getInputStream();
        return in.read() == -1;
    }

    @Test
    void shouldCloseIdleConnectionsWhenClosed() throws Exception {
        pool.acquireSlot(1000);
        pool.acquireSlot(1000);
        H1Connection a = open();
        H1Connection b = open();
        pool.recycle(a);
        pool.releaseSlot();
        pool.recycle(b);
        pool.releaseSlot();
        assertThat(pool.use()).isEqualTo(new io.sluice.upstream.PoolUse(0, 2));

        pool.close();

        assertThat(pool.use().idle()).isZero();
        assertThat(closedByPeer(accepted.get(0))).isTrue();
        assertThat(closedByPeer(accepted.get(1))).isTrue();
        assertThat(watchdog.watched()).isZero();
    }

    @Test
    void shouldCloseConnectionInUseWhenItComesBackAfterClose() throws Exception {
        pool.acquireSlot(1000);
        H1Connection lent = open();

        pool.close();
        assertThat(lent.usable()).as("the exchange in flight keeps its connection").isTrue();
        pool.recycle(lent);
        pool.releaseSlot();

        assertThat(pool.use()).isEqualTo(new io.sluice.upstream.PoolUse(0, 0));
        assertThat(pool.idleConnection()).isNull();
        assertThat(closedByPeer(accepted.getFirst())).isTrue();
    }

    @Test
    void shouldPoolConnectionsWhileOpen() throws Exception {
        pool.acquireSlot(1000);
        H1Connection c = open();
        pool.recycle(c);
        pool.releaseSlot();

        assertThat(pool.idleConnection()).isSameAs(c);
    }
}
