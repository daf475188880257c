package io.sluice.profile;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A thread dump of this JVM that includes virtual threads, which {@code Thread.getAllStackTraces()}
 * and jstack's classic dump leave out: {@link HotSpotDiagnosticMXBean#dumpThreads} writes every
 * platform thread and every virtual thread the JDK tracks (all of them by default), grouped by
 * thread container, as JSON or plain text. It only writes to a file that does not exist yet, so the
 * dump goes to a fresh temporary folder that is deleted once the caller has read it.
 */
public final class ThreadDump {

    /** Something that reads the dump file before it is deleted, such as a response writer. */
    @FunctionalInterface
    public interface Reader {
        void read(Path dump) throws IOException;
    }

    public enum Format {
        JSON(ThreadDumpFormat.JSON, "threads.json"),
        TEXT(ThreadDumpFormat.TEXT_PLAIN, "threads.txt");

        private final ThreadDumpFormat jdk;
        private final String fileName;

        Format(ThreadDumpFormat jdk, String fileName) {
            this.jdk = jdk;
            this.fileName = fileName;
        }
    }

    private ThreadDump() {
    }

    /** Dumps all threads in {@code format}, hands the file to {@code reader}, then deletes it. */
    public static void dump(Format format, Reader reader) throws IOException {
        Path dir = Files.createTempDirectory("sluice-threads-");
        Path file = dir.resolve(format.fileName).toAbsolutePath();
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpThreads(file.toString(), format.jdk);
            reader.read(file);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
