package io.sluice.cluster.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.certs.Role;
import io.sluice.cluster.Json;
import io.sluice.testing.TestPki;
import io.sluice.tls.NodeCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signed envelope: what verifies, and the reason given for everything that must not. */
class SignedValueTest {

    private static final String MAP = "sluice.config.head";
    private static final String PAYLOAD = "{\"version\":7,\"yaml\":\"routes: []\"}";

    @TempDir
    Path dir;

    private TestPki pki;
    private NodeCredentials node1;
    private final Verifier verifier = new Verifier();

    @BeforeEach
    void pki() {
        pki = TestPki.in(dir.resolve("ca"));
        node1 = Identities.of(pki.node("node-1"), pki);
    }

    @Test
    void shouldVerifyAValueSealedByANodeOfTheTrustedCa() {
        String sealed = seal(node1, MAP, "head", PAYLOAD);

        Verdict v = verify(MAP, "head", sealed, pki);

        assertThat(v).isInstanceOf(Verdict.Valid.class);
        Verdict.Valid valid = (Verdict.Valid) v;
        assertThat(valid.payload()).isEqualTo(PAYLOAD);
        assertThat(valid.signer()).isEqualTo("node-1");
        assertThat(valid.anchor()).isEqualTo(pki.ca().certificate());
        assertThat(Json.read(sealed, SignedValue.class).chain()).as("root left out").hasSize(1);
    }

    @Test
    void shouldRejectATamperedPayload() {
        SignedValue sealed = Json.read(seal(node1, MAP, "head", PAYLOAD), SignedValue.class);
        String tampered = Json.write(new SignedValue(sealed.v(), sealed.signer(), sealed.alg(), sealed.chain(), sealed.sig(),
                PAYLOAD.replace("7", "8")));

        assertThat(reason(verify(MAP, "head", tampered, pki))).startsWith("signature does not match");
    }

    @Test
    void shouldRejectAValueCopiedToAnotherKeyOrMap() {
        String sealed = seal(node1, "sluice.config.history", "7", PAYLOAD);

        assertThat(reason(verify("sluice.config.history", "8", sealed, pki))).startsWith("signature does not match");
        assertThat(reason(verify(MAP, "7", sealed, pki))).startsWith("signature does not match");
        assertThat(verify("sluice.config.history", "7", sealed, pki).valid()).isTrue();
    }

    @Test
    void shouldRejectAChangedSignerName() {
        SignedValue sealed = Json.read(seal(node1, MAP, "head", PAYLOAD), SignedValue.class);
        String renamed = Json.write(new SignedValue(sealed.v(), "node-2", sealed.alg(), sealed.chain(), sealed.sig(), sealed.payload()));

        assertThat(reason(verify(MAP, "head", renamed, pki))).startsWith("signature does not match");
    }

    @Test
    void shouldRejectASignatureUnderAnotherNodesChain() {
        SignedValue mine = Json.read(seal(node1, MAP, "head", PAYLOAD), SignedValue.class);
        SignedValue theirs = Json.read(seal(Identities.of(pki.node("node-2"), pki), MAP, "head", PAYLOAD), SignedValue.class);
        String swapped = Json.write(new SignedValue(mine.v(), mine.signer(), mine.alg(), theirs.chain(), mine.sig(), mine.payload()));

        assertThat(reason(verify(MAP, "head", swapped, pki))).startsWith("signature does not match");
    }

    @Test
    void shouldRejectAnExpiredOrNotYetValidCertificate() {
        String sealed = seal(node1, MAP, "head", PAYLOAD);

        String expired = reason(verifier.verify(MAP, "head", sealed, Identities.cas(pki), Instant.now().plus(Duration.ofDays(8))));
        String early = reason(verifier.verify(MAP, "head", sealed, Identities.cas(pki), Instant.now().minus(Duration.ofDays(1))));

        assertThat(expired).startsWith("certificate expired at");
        assertThat(early).startsWith("certificate not valid before");
    }

    @Test
    void shouldRejectANodeCertificateFromAnotherCa() {
        TestPki other = TestPki.in(dir.resolve("other"));
        String sealed = seal(Identities.of(other.node("node-1"), other), MAP, "head", PAYLOAD);

        assertThat(reason(verify(MAP, "head", sealed, pki))).contains("does not chain to a trusted CA");
    }

    @Test
    void shouldRejectViewerOperatorAndClientCertificatesOfTheRightCa() {
        String viewer = seal(Identities.of(pki.operator("vera", Role.VIEWER), pki), MAP, "head", PAYLOAD);
        String operator = seal(Identities.of(pki.operator("otto", Role.OPERATOR), pki), MAP, "head", PAYLOAD);
        String client = seal(Identities.of(pki.client("carl"), pki), MAP, "head", PAYLOAD);

        assertThat(reason(verify(MAP, "head", viewer, pki))).startsWith("certificate role viewer may not sign cluster state");
        assertThat(reason(verify(MAP, "head", operator, pki))).startsWith("certificate role operator may not sign");
        assertThat(reason(verify(MAP, "head", client, pki))).startsWith("certificate role (none) may not sign");
    }

    @Test
    void shouldAcceptBothCasOfARotationBundleAndOnlyTheNewOneAfterTheOldIsRemoved() {
        TestPki next = TestPki.in(dir.resolve("next"));
        String byOld = seal(node1, MAP, "head", PAYLOAD);
        String byNew = seal(Identities.of(next.node("node-1"), pki, next), MAP, "head", PAYLOAD);

        assertThat(verify(MAP, "head", byOld, pki, next).valid()).isTrue();
        assertThat(verify(MAP, "head", byNew, pki, next).valid()).isTrue();
        assertThat(((Verdict.Valid) verify(MAP, "head", byNew, pki, next)).anchor()).isEqualTo(next.ca().certificate());
        assertThat(verify(MAP, "head", byNew, next).valid()).isTrue();
        assertThat(reason(verify(MAP, "head", byOld, next))).contains("does not chain to a trusted CA");
    }

    @Test
    void aChainValidatedOnceIsReusedButExpiryAndATrustChangeAreStillSeen() {
        List<java.security.cert.X509Certificate> trusted = Identities.cas(pki);
        String first = seal(node1, MAP, "head", PAYLOAD);
        String second = seal(node1, MAP, "head", PAYLOAD.replace("7", "8"));

        assertThat(verifier.verify(MAP, "head", first, trusted, Instant.now()).valid()).isTrue();
        assertThat(verifier.verify(MAP, "head", second, trusted, Instant.now()).valid()).as("same chain, reused").isTrue();
        assertThat(reason(verifier.verify(MAP, "head", second.replace("routes", "ROUTES"), trusted, Instant.now())))
                .as("the value's own signature is checked on every read").startsWith("signature does not match");
        assertThat(reason(verifier.verify(MAP, "head", second, trusted, Instant.now().plus(Duration.ofDays(8)))))
                .startsWith("certificate expired at");

        TestPki next = TestPki.in(dir.resolve("next"));
        assertThat(reason(verifier.verify(MAP, "head", second, Identities.cas(next), Instant.now())))
                .as("a reloaded trust store (a new list) validates afresh").contains("does not chain to a trusted CA");
    }

    @Test
    void theCacheOfCheckedChainsIsBounded() {
        List<java.security.cert.X509Certificate> trusted = Identities.cas(pki);
        for (int i = 0; i < CheckedChains.MAX + 3; i++) {
            String sealed = seal(Identities.of(pki.node("node-" + i), pki), MAP, "head", PAYLOAD);
            assertThat(verifier.verify(MAP, "head", sealed, trusted, Instant.now()).valid()).isTrue();
        }
        assertThat(verifier.checkedChains()).isLessThanOrEqualTo(CheckedChains.MAX);
    }

    @Test
    void shouldRejectUnsignedAndUnreadableValues() {
        assertThat(reason(verify(MAP, "head", PAYLOAD, pki))).startsWith("not signed");
        assertThat(reason(verify(MAP, "head", "routes: evil", pki))).startsWith("not a signed value");
        assertThat(reason(verify(MAP, "head", null, pki))).isEqualTo("empty value");
        SignedValue sealed = Json.read(seal(node1, MAP, "head", PAYLOAD), SignedValue.class);
        String garbageChain = Json.write(new SignedValue(1, "x", sealed.alg(), List.of("bm90IGEgY2VydA=="), sealed.sig(), PAYLOAD));
        assertThat(reason(verify(MAP, "head", garbageChain, pki))).isEqualTo("certificate chain unreadable");
    }

    @Test
    void shouldRejectAnAlgorithmThatIsNotAcceptedOrDoesNotFitTheKey() {
        SignedValue sealed = Json.read(seal(node1, MAP, "head", PAYLOAD), SignedValue.class);
        String weak = Json.write(new SignedValue(1, sealed.signer(), "SHA1withECDSA", sealed.chain(), sealed.sig(), PAYLOAD));
        String rsa = Json.write(new SignedValue(1, sealed.signer(), "SHA256withRSA", sealed.chain(), sealed.sig(), PAYLOAD));

        assertThat(reason(verify(MAP, "head", weak, pki))).startsWith("algorithm SHA1withECDSA is not accepted");
        assertThat(reason(verify(MAP, "head", rsa, pki))).startsWith("algorithm SHA256withRSA does not fit");
    }

    @Test
    void shouldSignAndVerifyWithAnRsaNodeKey() throws Exception {
        String sealed = seal(Identities.rsaNode(pki, "rsa-node"), MAP, "head", PAYLOAD);

        assertThat(Json.read(sealed, SignedValue.class).alg()).isEqualTo("SHA256withRSA");
        assertThat(verify(MAP, "head", sealed, pki).valid()).isTrue();
    }

    private static String seal(NodeCredentials who, String map, String key, String payload) {
        String id = who.certificate().getSubjectX500Principal().getName().replaceAll(".*CN=([^,]+).*", "$1");
        return new Signer(id, () -> who).seal(map, key, payload);
    }

    private Verdict verify(String map, String key, String stored, TestPki... trusted) {
        return verifier.verify(map, key, stored, Identities.cas(trusted), Instant.now());
    }

    private static String reason(Verdict v) {
        assertThat(v).as("verdict").isInstanceOf(Verdict.Invalid.class);
        return ((Verdict.Invalid) v).reason();
    }
}
