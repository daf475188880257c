package io.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.certs.CertificateAuthority;
import io.sluice.model.CertificateInfo;
import io.sluice.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateInventoryTest {

    private final CertificateAuthority ca = CertificateAuthority.create("Inventory CA", Duration.ofDays(365));
    private final java.security.cert.X509Certificate leaf =
            ca.issueNode("node-1", List.of("localhost"), List.of(), Duration.ofDays(20)).certificate();
    private final Instant notAfter = leaf.getNotAfter().toInstant();

    @Test
    void listsLeafAndTrustedCasWithTimeLeftByTheClock() {
        MutableClock clock = MutableClock.at(notAfter.minus(Duration.ofDays(20)));
        CertificateInventory inventory = new CertificateInventory(clock);
        inventory.put("listener:https", leaf, Path.of("node-1.p12"), List.of(ca.certificate()), Path.of("trust.p12"));

        List<CertificateInfo> list = inventory.list();
        assertThat(list).extracting(CertificateInfo::kind).containsExactly("leaf", "trusted-ca");
        CertificateInfo node = list.getFirst();
        assertThat(node.daysLeft()).isEqualTo(20);
        assertThat(node.secondsLeft()).isEqualTo(Duration.ofDays(20).toSeconds());
        assertThat(node.role()).isEqualTo("node");
        assertThat(node.serial()).isEqualTo(leaf.getSerialNumber().toString(16));
        assertThat(node.file()).isEqualTo("node-1.p12");

        clock.advance(Duration.ofDays(21));
        assertThat(inventory.list().getFirst().daysLeft()).as("negative once expired").isEqualTo(-1);
    }

    @Test
    void warnsUnderFourteenDaysOnceADay() {
        MutableClock clock = MutableClock.at(notAfter.minus(Duration.ofDays(15)));
        CertificateInventory inventory = new CertificateInventory(clock);
        inventory.put("admin", leaf, null, List.of(), null);
        assertThat(inventory.warnExpiring()).as("15 days left: no warning").isEmpty();

        clock.advance(Duration.ofDays(2));
        assertThat(inventory.warnExpiring()).extracting(CertificateInfo::use).containsExactly("admin");
        clock.advance(Duration.ofHours(23));
        assertThat(inventory.warnExpiring()).as("already warned today").isEmpty();
        clock.advance(Duration.ofHours(2));
        assertThat(inventory.warnExpiring()).hasSize(1);
    }

    @Test
    void aRotatedCertificateReplacesTheOldOneOfTheSameUse() {
        CertificateInventory inventory = new CertificateInventory(MutableClock.at(Instant.now()));
        inventory.put("admin", leaf, null, List.of(), null);
        var next = ca.issueNode("node-1", List.of("localhost"), List.of(), Duration.ofDays(30)).certificate();
        inventory.put("admin", next, null, List.of(), null);
        assertThat(inventory.list()).extracting(CertificateInfo::serial).containsExactly(next.getSerialNumber().toString(16));
        inventory.remove("admin");
        assertThat(inventory.list()).isEmpty();
    }
}
