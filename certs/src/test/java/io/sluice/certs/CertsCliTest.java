package io.sluice.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertsCliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "create-ca                                      | missing required option --dir",
        "create-ca --dir                                | option --dir needs a value",
        "create-ca --dir d --days 0                     | invalid --days '0'",
        "create-ca --dir d --days ten                   | invalid --days 'ten'",
        "create-ca --dir d --colour blue                | unknown option --colour",
        "create-ca --dir d extra                        | unexpected argument 'extra'",
        "create-ca --dir d --dir e                      | option --dir given more than once",
        "create-ca --dir d --force=yes                  | option --force takes no value",
        "issue-node --ca-dir c --out o                  | missing required option --name",
        "issue-node --ca-dir c --name ../x --out o      | invalid --name '../x'",
        "inspect                                        | missing argument FILE",
        "dev-setup --dir d --nodes many                 | invalid --nodes 'many'",
        "issue-operator --ca-dir c --name op --out o    | missing required option --role",
        "issue-operator --ca-dir c --name op --role admin --out o | invalid --role 'admin': use viewer",
        "issue-operator --ca-dir c --name op --role node --out o  | invalid --role 'node'",
        "renew                                          | missing argument FILE.p12...",
        "renew a.p12                                    | missing required option --ca-dir",
        "renew x.pem --ca-dir c                         | 'x.pem' is not a .p12 key store",
        "renew a.p12 b.p12 a.p12 --ca-dir c             | 'a.p12' given more than once",
        "renew a.p12 --ca-dir c --days 0                | invalid --days '0'",
        "trust-bundle --add ca.pem                      | missing required option --out",
        "trust-bundle --out no-such.p12                 | does not exist yet: name the CA(s) it should trust with --add",
        "trust-bundle --out t.p12 --add                 | option --add needs a value",
        "trust-bundle --out t.p12 --add a.pem --pem     | option --pem needs a value",
        "probe                                          | missing argument HOST:PORT...",
        "probe localhost                                | invalid target 'localhost': expected HOST:PORT",
        "probe localhost:99999                          | invalid target 'localhost:99999'",
        "probe ::1:443                                  | invalid target '::1:443'",
        "probe a:1 b:2 --expect-serial 1f               | --expect-serial has 1 serial(s) for 2 target(s)",
        "probe a:1 --expect-serial xyz                  | 'xyz' is neither an existing file nor a hex serial",
        "probe a:1 --wait 0                             | invalid --wait '0'",
        "probe a:1 --server-name a..b                   | invalid --server-name 'a..b'",
        "probe a:1 --colour blue                        | unknown option --colour",
        "frobnicate                                     | unknown command 'frobnicate'",
    })
    void shouldExitTwoWithMessageAndUsageWhenArgumentsAreBad(String commandLine, String message) {
        int code = run(commandLine.strip().split("\\s+"));

        assertThat(code).isEqualTo(2);
        String[] lines = err().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("certs").contains(message);
        assertThat(lines[1]).startsWith("usage: certs ");
        assertThat(err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void shouldExitTwoWhenIpIsNotALiteral() throws Exception {
        assertThat(run("create-ca", "--dir", dir.resolve("ca").toString())).isZero();

        int code = run("issue-node", "--ca-dir", dir.resolve("ca").toString(), "--name", "n1",
                "--ip", "127.0.0.1,example.com", "--out", dir.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("invalid IP address 'example.com'").contains("usage: certs issue-node");
    }

    @Test
    void shouldRefuseToReplaceCaUnlessForcedAndThenKeepBackup() throws Exception {
        String caDir = dir.resolve("ca").toString();
        assertThat(run("create-ca", "--dir", caDir, "--cn", "First")).isZero();

        assertThat(run("create-ca", "--dir", caDir)).isEqualTo(1);
        assertThat(err()).contains("already exists").contains("--force").doesNotContain("Exception");

        assertThat(run("create-ca", "--dir", caDir, "--force")).isZero();
        try (Stream<Path> files = Files.list(dir.resolve("ca"))) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("ca.p12.bak-"));
        }
        assertThat(caSubject(dir.resolve("ca/ca.p12"))).isEqualTo("CN=Sluice CA");
    }

    @Test
    void shouldWriteNodeFilesAndInspectThemWhenIssuingNode() throws Exception {
        String caDir = dir.resolve("ca").toString();
        Path outDir = dir.resolve("out");
        assertThat(run("create-ca", "--dir", caDir, "--password", "pw")).isZero();

        assertThat(run("issue-node", "--ca-dir", caDir, "--name", "gw-1", "--dns", "gw-1.local,localhost",
                "--ip", "127.0.0.1", "--days", "30", "--password", "pw", "--out", outDir.toString())).isZero();

        assertThat(Stream.of("gw-1.p12", "gw-1.pem", "gw-1.key", "truststore.p12").map(outDir::resolve))
                .allMatch(Files::isRegularFile);
        var store = KeyStores.load(outDir.resolve("gw-1.p12"), "pw".toCharArray());
        assertThat(store.getCertificateChain("gw-1")).hasSize(2);
        assertThat(KeyStores.load(outDir.resolve("truststore.p12"), "pw".toCharArray()).isCertificateEntry("ca")).isTrue();

        out.reset();
        assertThat(run("inspect", outDir.resolve("gw-1.p12").toString(), "--password", "pw")).isZero();
        X509Certificate leaf = (X509Certificate) store.getCertificate("gw-1");
        assertThat(out()).contains("subject:   CN=gw-1", "issuer:    CN=Sluice CA",
                "SANs:      DNS:gw-1.local, DNS:localhost, IP:127.0.0.1",
                "serial:    " + leaf.getSerialNumber().toString(16),
                "not-after: " + leaf.getNotAfter().toInstant(), "days left: 29");
    }

    @Test
    void shouldOnlyCreateWhatIsMissingWhenDevSetupRunsTwice() throws Exception {
        String devDir = dir.resolve("dev").toString();

        assertThat(run("dev-setup", "--dir", devDir, "--nodes", "2")).isZero();
        assertThat(out()).contains("created CA", "node-1.p12", "node-2.p12", "wrote", "development only");
        byte[] ca = Files.readAllBytes(dir.resolve("dev/ca/ca.p12"));
        byte[] node1 = Files.readAllBytes(dir.resolve("dev/node-1.p12"));

        out.reset();
        assertThat(run("dev-setup", "--dir", devDir, "--nodes", "3")).isZero();

        assertThat(out()).contains("kept CA", "kept " + Path.of(devDir, "node-1.p12"),
                "kept " + Path.of(devDir, "node-2.p12"), "created " + Path.of(devDir, "node-3.p12"),
                "kept " + Path.of(devDir, "truststore.p12"));
        assertThat(Files.readAllBytes(dir.resolve("dev/ca/ca.p12"))).isEqualTo(ca);
        assertThat(Files.readAllBytes(dir.resolve("dev/node-1.p12"))).isEqualTo(node1);
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".bak-"));
        }
    }

    @Test
    void shouldWriteOperatorFilesWithRoleWhenIssuingOperator() throws Exception {
        String caDir = dir.resolve("ca").toString();
        Path outDir = dir.resolve("ops");
        assertThat(run("create-ca", "--dir", caDir)).isZero();

        assertThat(run("issue-operator", "--ca-dir", caDir, "--name", "alice", "--role", "Viewer", "--days", "10",
                "--out", outDir.toString())).isZero();

        assertThat(Stream.of("alice.p12", "alice.pem", "alice.key", "truststore.p12").map(outDir::resolve))
                .allMatch(Files::isRegularFile);
        X509Certificate cert = (X509Certificate) KeyStores.load(outDir.resolve("alice.p12"), "changeit".toCharArray())
                .getCertificate("alice");
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=alice,OU=viewer");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(cert.getSubjectAlternativeNames()).isNull();
        if (Files.getFileStore(outDir).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(outDir.resolve("alice.key"))))
                    .isEqualTo("rw-------");
        }
        assertThat(Files.readString(outDir.resolve("alice.pem"))).contains("BEGIN CERTIFICATE");
        assertThat(Files.readString(outDir.resolve("alice.key"))).startsWith("-----BEGIN PRIVATE KEY-----");

        out.reset();
        assertThat(run("inspect", outDir.resolve("alice.p12").toString())).isZero();
        assertThat(out()).contains("subject:   CN=alice,OU=viewer", "role:      viewer", "days left: 9");
    }

    @Test
    void shouldPrintUsageAndExitZeroWhenAskedForHelp() {
        assertThat(run("help")).isZero();
        assertThat(out()).contains("create-ca", "issue-node", "issue-client", "inspect", "dev-setup",
                "issue-operator", "renew", "trust-bundle", "probe", "rotate-certs.sh", "rotate-ca.sh",
                "\"changeit\"", "development only");
    }

    private int run(String... args) {
        err.reset();
        return CertsCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String caSubject(Path p12) {
        return CertificateAuthority.load(p12, "changeit".toCharArray()).certificate().getSubjectX500Principal().getName();
    }
}
