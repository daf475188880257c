import io.sluice.client.AdminClient;
import io.sluice.client.AdminException;
import io.sluice.client.ClientTls;
import io.sluice.model.ConfigVersion;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The config writer of scripts/faults/config-churn.sh: PUTs a new shared config at a fixed rate
 * (open loop: change k is due at start + k / rate, whatever the earlier ones took) through the
 * admin APIs of the given nodes in turn, with the project's own admin client and the operator
 * certificate. Change k is template k % 2 with {@code __REV__} replaced by k, so consecutive
 * changes alternate between two configs and every change is new text. At most WRITERS changes are
 * in flight (like a few automation clients); when all are busy the next change waits, and changes
 * still unsent at the deadline are counted as unsent: the achieved rate is what was accepted, never
 * the rate asked for. Writes one CSV line per change and ends with a summary line the script parses:
 * {@code CHURN offered=.. sent=.. ok=.. failed=.. seconds=.. achieved_per_s=.. p50_ms=.. p99_ms=.. max_ms=.. last_version=.. last_rev=..}.
 * <pre>java -cp "$(server_classpath)" ConfigChurn.java CERT_DIR RATE SECONDS WRITERS TEMPLATE_A TEMPLATE_B OUT_CSV ADMIN_URL...</pre>
 */
public final class ConfigChurn {

    record Outcome(long rev, String node, long startNanos, long tookNanos, int status, long version, String error) {
    }

    public static void main(String[] args) throws Exception {
        Path certs = Path.of(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int writers = Integer.parseInt(args[3]);
        String[] templates = {Files.readString(Path.of(args[4])), Files.readString(Path.of(args[5]))};
        Path out = Path.of(args[6]);
        List<String> nodes = Arrays.asList(args).subList(7, args.length);

        var tls = ClientTls.pem(certs.resolve("operator.pem"), certs.resolve("operator.key"))
                .trusting(certs.resolve("ca-bundle.pem"), null).sslContext();
        try (AdminClient first = AdminClient.create(nodes.getFirst(), tls, Duration.ofSeconds(5), Duration.ofSeconds(10))) {
            List<AdminClient> clients = new ArrayList<>();
            for (String n : nodes) {
                clients.add(first.forNode(n));
            }
            ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
            Semaphore inFlight = new Semaphore(writers);
            AtomicLong waitedForSlot = new AtomicLong();
            long total = (long) rate * seconds;
            long start = System.nanoTime();
            long deadline = start + seconds * 1_000_000_000L;
            List<Thread> threads = new ArrayList<>();
            long sent = 0;
            for (long k = 0; k < total; k++) {
                long due = start + k * 1_000_000_000L / rate;
                long sleep = due - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
                if (!inFlight.tryAcquire()) {
                    waitedForSlot.incrementAndGet();
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !inFlight.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                        break; // the deadline passed with every writer busy: the rest stays unsent
                    }
                }
                sent++;
                long rev = k;
                AdminClient client = clients.get((int) (k % clients.size()));
                String yaml = templates[(int) (k % 2)].replace("__REV__", Long.toString(rev));
                threads.add(Thread.ofVirtual().start(() -> {
                    long t0 = System.nanoTime();
                    try {
                        ConfigVersion v = client.applyConfig(yaml, "config-churn " + rev, null);
                        outcomes.add(new Outcome(rev, client.baseUrl().toString(), t0 - start, System.nanoTime() - t0, 200, v.version(), ""));
                    } catch (AdminException e) {
                        outcomes.add(new Outcome(rev, client.baseUrl().toString(), t0 - start, System.nanoTime() - t0, e.status(), -1, e.title()));
                    } catch (RuntimeException e) {
                        outcomes.add(new Outcome(rev, client.baseUrl().toString(), t0 - start, System.nanoTime() - t0, 0, -1, e.toString()));
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            List<Outcome> all = new ArrayList<>(outcomes);
            all.sort((a, b) -> Long.compare(a.rev(), b.rev()));
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
                w.println("rev,node,start_ms,took_ms,status,version,error");
                for (Outcome o : all) {
                    w.printf("%d,%s,%.1f,%.2f,%d,%d,%s%n", o.rev(), o.node(), o.startNanos() / 1e6, o.tookNanos() / 1e6,
                            o.status(), o.version(), o.error().replace(',', ';'));
                }
            }
            List<Outcome> ok = all.stream().filter(o -> o.status() == 200).toList();
            long[] took = ok.stream().mapToLong(Outcome::tookNanos).sorted().toArray();
            Outcome last = ok.stream().max((a, b) -> Long.compare(a.version(), b.version())).orElse(null);
            System.out.printf("CHURN offered=%d sent=%d ok=%d failed=%d seconds=%.1f achieved_per_s=%.1f waited_for_slot=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f last_version=%d last_rev=%d%n",
                    total, sent, ok.size(), all.size() - ok.size(), elapsed, ok.size() / elapsed, waitedForSlot.get(),
                    pct(took, 0.50), pct(took, 0.99), took.length == 0 ? 0 : took[took.length - 1] / 1e6,
                    last == null ? -1 : last.version(), last == null ? -1 : last.rev());
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }
}
