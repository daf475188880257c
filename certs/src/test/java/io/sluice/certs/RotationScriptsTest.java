package io.sluice.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs scripts/rotate-certs.sh and scripts/rotate-ca.sh for real (bash, one JVM per step, with the
 * classes under test) against {@link TestTlsServer} nodes that reload their key and trust stores
 * for every connection, as Sluice nodes do when the files change.
 *
 * <p>About a dozen JVM starts make it the slowest test of the module (about 15 s); it is the only
 * test of the scripts operators actually run, so it runs in every build.
 */
@DisabledOnOs(OS.WINDOWS)
class RotationScriptsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final Path SCRIPTS = Path.of("").toAbsolutePath().resolveSibling("scripts");

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    private record Run(int code, String output) {
    }

    @BeforeEach
    void devSetup() {
        assumeTrue(Files.isExecutable(SCRIPTS.resolve("rotate-certs.sh")), "scripts/ next to the certs module");
        cli.ok("dev-setup", "--dir", dir.toString(), "--nodes", "2");
    }

    @Test
    void shouldRenewEverythingAndSeeNodesServeItThenRotateTheCaInThreePhases() throws Exception {
        try (TestTlsServer node1 = new TestTlsServer(dir.resolve("node-1.p12"), dir.resolve("truststore.p12"), PASSWORD);
                TestTlsServer node2 = new TestTlsServer(dir.resolve("node-2.p12"), dir.resolve("truststore.p12"), PASSWORD)) {
            String checks = "node-1=" + node1.target() + ",node-2=" + node2.target();
            String oldSerial = serial("node-1");

            Run rotated = run("rotate-certs.sh", "--dir", dir.toString(), "--check", checks);

            assertThat(rotated.code()).as(rotated.output()).isZero();
            assertThat(serial("node-1")).isNotEqualTo(oldSerial);
            assertThat(rotated.output()).containsPattern("node-1 +" + oldSerial + " +" + serial("node-1") + " +\\S+Z +yes")
                    .containsPattern("node-2 +\\S+ +" + serial("node-2") + " +\\S+Z +yes")
                    .containsPattern("operator +\\S+ +" + serial("operator") + " +\\S+Z +-")
                    .containsPattern("viewer +\\S+ +" + serial("viewer"));

            Run early = run("rotate-ca.sh", "--dir", dir.toString(), "phase2");
            assertThat(early.code()).isEqualTo(1);
            assertThat(early.output()).contains("phase2 needs the new CA in " + dir.resolve("ca-next") + ": run phase1 first");

            Run phase1 = run("rotate-ca.sh", "--dir", dir.toString(), "--check", checks, "--cn", "Next CA", "phase1");
            assertThat(phase1.code()).as(phase1.output()).isZero();
            assertThat(phase1.output()).containsPattern("node-1 +127.0.0.1:\\d+ +yes");
            assertThat(CertificateFiles.certificates(dir.resolve("ca-bundle.pem"), null)).hasSize(2);

            Run tooEarly = run("rotate-ca.sh", "--dir", dir.toString(), "phase3");
            assertThat(tooEarly.code()).isEqualTo(1);
            assertThat(tooEarly.output()).contains("not yet issued by the new CA", "node-1 node-2 operator viewer", "Run phase2 first");

            Run phase2 = run("rotate-ca.sh", "--dir", dir.toString(), "--check", checks, "phase2");
            assertThat(phase2.code()).as(phase2.output()).isZero();
            assertThat(phase2.output()).containsPattern("node-2 +\\S+ +" + serial("node-2") + " +\\S+Z +yes");

            Run phase3 = run("rotate-ca.sh", "--dir", dir.toString(), "--check", checks, "phase3");
            assertThat(phase3.code()).as(phase3.output()).isZero();
            X509Certificate ca = CertificateAuthority.load(dir.resolve("ca/ca.p12"), PASSWORD).certificate();
            assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=Next CA");
            assertThat(TrustBundle.trusted(KeyStores.load(dir.resolve("truststore.p12"), PASSWORD))).containsExactly(ca);
            assertThat(dir.resolve("ca-next")).doesNotExist();
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("ca.bak-"));
            }
            leaf("node-1").verify(ca.getPublicKey());
        }
    }

    @Test
    void shouldExitOneAndSayWhichNodeWhenItKeepsServingTheOldCertificate() throws Exception {
        Path frozen = Files.createDirectories(dir.resolve("frozen")).resolve("node-1.p12");
        Files.copy(dir.resolve("node-1.p12"), frozen);
        try (TestTlsServer stale = new TestTlsServer(frozen, dir.resolve("truststore.p12"), PASSWORD)) {
            Run run = run("rotate-certs.sh", "--dir", dir.toString(), "--nodes", "node-1", "--operators", "operator",
                    "--check", "node-1=" + stale.target());

            assertThat(run.code()).isEqualTo(1);
            assertThat(run.output()).containsPattern("node-1 +\\S+ +" + serial("node-1") + " +\\S+Z +no")
                    .contains("node-1 (" + stale.target() + "): still serves serial")
                    .contains("did not serve its new certificate within 2s");
        }
    }

    @Test
    void shouldExitTwoWithUsageWhenScriptArgumentsAreBad() throws Exception {
        assertThat(run("rotate-certs.sh", "--dir", dir.toString(), "--check", "node-1")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.output()).contains("invalid --check 'node-1': expected NAME=HOST:PORT", "usage: scripts/rotate-certs.sh");
        });
        assertThat(run("rotate-certs.sh", "--dir", dir.toString(), "--nodes", "node-9").output())
                .contains("--nodes node-9: " + dir.resolve("node-9.p12") + " not found");
        assertThat(run("rotate-ca.sh", "--dir", dir.toString(), "phase4")).satisfies(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.output()).contains("unknown argument 'phase4'", "usage: scripts/rotate-ca.sh");
        });
        assertThat(run("rotate-ca.sh", "--dir", dir.toString()).output()).contains("missing phase");
    }

    private Run run(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPTS.resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("SLUICE_CERTS_CLASSPATH", testClassPath());
        builder.environment().put("SLUICE_ROTATE_WAIT", "2");
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** The class path of this test JVM (surefire may start it through a manifest-only jar). */
    private static String testClassPath() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return String.join(File.pathSeparator, Stream.of(path.split(File.pathSeparator)).toList());
    }

    private String serial(String name) throws Exception {
        return leaf(name).getSerialNumber().toString(16);
    }

    private X509Certificate leaf(String name) throws Exception {
        return (X509Certificate) KeyStores.load(dir.resolve(name + ".p12"), PASSWORD).getCertificate(name);
    }
}
