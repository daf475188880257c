package io.sluice.monitor.connect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The remembered connection profiles: a JSON list in one file, most recently used first. The
 * file is replaced atomically and readable only by its owner (it names key files). A file that
 * cannot be read is reported and treated as empty, never overwritten silently until the next save.
 */
public final class ProfileStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final int KEEP = 20;

    private final Path file;
    private String problem;

    public ProfileStore(Path file) {
        this.file = file;
    }

    /**
     * {@code $XDG_CONFIG_HOME/sluice/monitor-profiles.json}, else
     * {@code ~/.config/sluice/monitor-profiles.json}.
     */
    public static ProfileStore standard(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new ProfileStore(base.resolve("sluice").resolve("monitor-profiles.json"));
    }

    public Path file() {
        return file;
    }

    /** Why the last {@link #load()} found nothing usable in an existing file; null if it was fine. */
    public String problem() {
        return problem;
    }

    public List<ConnectionProfile> load() {
        problem = null;
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<ConnectionProfile> all = JSON.readValue(file.toFile(), new TypeReference<List<ConnectionProfile>>() { });
            return all.stream().filter(p -> p != null && p.name() != null).toList();
        } catch (IOException | RuntimeException e) {
            problem = "remembered profiles in " + file + " could not be read (" + e.getMessage().lines().findFirst().orElse("")
                    + "); they are ignored until the next successful connect replaces the file";
            return List.of();
        }
    }

    /** Puts {@code used} first (replacing a profile of the same name) and writes the list. */
    public List<ConnectionProfile> remember(ConnectionProfile used) {
        List<ConnectionProfile> all = new ArrayList<>();
        all.add(used);
        for (ConnectionProfile p : load()) {
            if (!p.name().equals(used.name()) && all.size() < KEEP) {
                all.add(p);
            }
        }
        write(all);
        return List.copyOf(all);
    }

    private void write(List<ConnectionProfile> all) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".profiles", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the platform's default permissions apply
                }
                JSON.writeValue(tmp.toFile(), all);
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
