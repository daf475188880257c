package io.sluice.cluster.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.certs.Role;
import io.sluice.testing.MutableClock;
import io.sluice.testing.TestPki;
import io.sluice.tls.NodeCredentials;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counting and logging refusals, checking the node's own identity, and which signatures a reseal replaces. */
class ClusterIntegrityTest {

    @TempDir
    Path dir;

    @Test
    void shouldCountEveryRejectionButLogOnlyItsBudgetPerWindow() {
        TestPki pki = TestPki.in(dir.resolve("ca"));
        MutableClock clock = MutableClock.at(Instant.now());
        try (ClusterIntegrity integrity = new ClusterIntegrity("node-1", () -> Identities.of(pki.node("node-1"), pki), clock)) {
            for (int i = 0; i < 30; i++) {
                integrity.open("sluice.nodes", "evil-" + i, "{\"nodeId\":\"evil\"}", "member [127.0.0.1]:5999");
            }
            assertThat(integrity.rejections().of("sluice.nodes")).isEqualTo(30);
            assertThat(integrity.rejections().logged()).isEqualTo(Rejections.LINES_PER_WINDOW);

            clock.advance(Rejections.WINDOW);
            integrity.open("sluice.nodes", "evil-31", "{}", null);
            assertThat(integrity.rejections().logged()).isEqualTo(Rejections.LINES_PER_WINDOW + 1);
            assertThat(integrity.rejections().total()).isEqualTo(31);
            assertThat(integrity.rejections().byMap()).containsOnlyKeys("sluice.nodes");
        }
    }

    @Test
    void shouldFailTheSelfCheckWithACertificateThatMayNotSign() {
        TestPki pki = TestPki.in(dir.resolve("ca"));
        try (ClusterIntegrity viewer = new ClusterIntegrity("node-1", () -> Identities.of(pki.operator("v", Role.VIEWER), pki), Instant::now);
             ClusterIntegrity node = new ClusterIntegrity("node-1", () -> Identities.of(pki.node("node-1"), pki), Instant::now)) {
            assertThat(viewer.selfCheck()).isInstanceOf(Verdict.Invalid.class);
            assertThat(node.selfCheck().valid()).isTrue();
        }
    }

    @Test
    void shouldResealValuesOfAnOlderCaOrAnEarlierExpiryButNeverTheOtherWay() throws Exception {
        TestPki old = TestPki.in(dir.resolve("old"));
        Thread.sleep(1100); // certificate times have whole seconds: the new CA must start later
        TestPki next = TestPki.in(dir.resolve("next"));
        NodeCredentials oldCert = Identities.of(old.node("node-1"), old, next);
        NodeCredentials newCert = Identities.of(next.node("node-2"), old, next);
        NodeCredentials shortLived = Identities.rsaNode(old, "node-3"); // same (old) CA, expires in a day
        AtomicReference<NodeCredentials> identity = new AtomicReference<>(oldCert);
        try (ClusterIntegrity onOld = new ClusterIntegrity("node-1", identity::get, Instant::now);
             ClusterIntegrity onNew = new ClusterIntegrity("node-2", () -> newCert, Instant::now)) {
            Verdict.Valid byOld = valid(onOld, onOld.seal("m", "k", "{}"));
            Verdict.Valid byNew = valid(onNew, onNew.seal("m", "k", "{}"));
            Verdict.Valid byShortLived = valid(onOld, new Signer("node-3", () -> shortLived).seal("m", "k", "{}"));

            assertThat(onNew.shouldReseal(byOld)).as("new CA replaces old CA").isTrue();
            assertThat(onOld.shouldReseal(byNew)).as("old CA never replaces new CA").isFalse();
            assertThat(onOld.shouldReseal(byShortLived)).as("same CA, later expiry").isTrue();
            assertThat(onOld.shouldReseal(byOld)).as("own signature").isFalse();

            identity.set(Identities.of(next.node("node-1"), old, next)); // phase 2: node-1 reissued by the new CA
            onOld.onIdentityReloaded();
            assertThat(onOld.shouldReseal(byOld)).isTrue();
        }
    }

    @Test
    void shouldRunAHealOnceForABurstAndAgainAfterTheSpacing() throws Exception {
        TestPki pki = TestPki.in(dir.resolve("ca"));
        try (ClusterIntegrity integrity = new ClusterIntegrity("node-1", () -> Identities.of(pki.node("node-1"), pki), Instant::now)) {
            java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
            for (int i = 0; i < 100; i++) {
                integrity.healLater("x", runs::incrementAndGet);
            }
            Thread.sleep(300);
            assertThat(runs.get()).isEqualTo(1);
            integrity.healLater("x", runs::incrementAndGet);
            Thread.sleep(ClusterIntegrity.HEAL_SPACING.toMillis() + 500);
            assertThat(runs.get()).isEqualTo(2);
        }
    }

    private static Verdict.Valid valid(ClusterIntegrity integrity, String sealed) {
        Verdict v = integrity.verify("m", "k", sealed);
        assertThat(v).isInstanceOf(Verdict.Valid.class);
        return (Verdict.Valid) v;
    }

}
