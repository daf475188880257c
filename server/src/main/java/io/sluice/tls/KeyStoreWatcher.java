package io.sluice.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches key and trust store files and runs a reload action when one of them changes, so that
 * rotated certificates are used for new handshakes without a restart.
 *
 * <p>It polls (once a second by default) and compares content digests rather than modification
 * times: the rotation scripts replace stores by atomic rename, often within the same second and
 * with the same size, which timestamps can miss. Polling a few small files costs nothing next to
 * a file-system watch service's platform quirks (inotify does not follow renames over a watched
 * path on every file system). A reload that throws is logged with its reason and keeps the old
 * material; it is tried again when the files change again.
 */
public final class KeyStoreWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeyStoreWatcher.class);

    /** What to reload when any of {@code files} changes. */
    public interface Reload {
        void run() throws Exception;
    }

    private final class Watch {
        final String name;
        final List<Path> files;
        final Reload reload;
        byte[][] seen;

        Watch(String name, List<Path> files, Reload reload) {
            this.name = name;
            this.files = files;
            this.reload = reload;
            this.seen = digests(files, new HashMap<>());
        }
    }

    private final Duration interval;
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final List<Runnable> afterChecks = new CopyOnWriteArrayList<>();
    private volatile Thread thread;

    public KeyStoreWatcher(Duration interval) {
        this.interval = interval;
    }

    /**
     * Runs {@code reload} (on the watcher's thread) whenever one of {@code files} changes; replaces
     * an earlier watch of the same name (an upstream rebuilt by a config change).
     */
    public synchronized void watch(String name, List<Path> files, Reload reload) {
        unwatch(name);
        watches.add(new Watch(name, List.copyOf(files), reload));
    }

    public synchronized void unwatch(String name) {
        watches.removeIf(w -> w.name.equals(name));
    }

    /** Runs {@code check} after every poll (the expiry warnings hang off this). */
    public void afterEachPoll(Runnable check) {
        afterChecks.add(check);
    }

    public synchronized void start() {
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name("sluice-keystore-watch").start(this::loop);
        }
    }

    /** Checks every watched file set once, now; returns how many reloads ran (tests and scripts). */
    public synchronized int pollNow() {
        int reloaded = 0;
        Map<Path, byte[]> read = new HashMap<>(); // a node store serves several watches: read each file once a poll
        for (Watch w : watches) {
            byte[][] now = digests(w.files, read);
            if (Arrays.deepEquals(now, w.seen)) {
                continue;
            }
            w.seen = now;
            try {
                w.reload.run();
                reloaded++;
                LOG.info("reloaded {} from {}", w.name, w.files);
            } catch (Exception e) {
                LOG.error("cannot reload {} from {}: {}; still using the previous key material", w.name, w.files,
                        e.getMessage());
            }
        }
        for (Runnable r : afterChecks) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("key-store check failed", e);
            }
        }
        return reloaded;
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            pollNow();
        }
    }

    @Override
    public void close() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private static byte[][] digests(List<Path> files, Map<Path, byte[]> read) {
        List<byte[]> out = new ArrayList<>();
        for (Path f : files) {
            out.add(read.computeIfAbsent(f, KeyStoreWatcher::digest));
        }
        return out.toArray(byte[][]::new);
    }

    /** SHA-256 of the file's content; an empty array if it is missing, {1} if it cannot be read. */
    private static byte[] digest(Path file) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            return new byte[] {1};
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
