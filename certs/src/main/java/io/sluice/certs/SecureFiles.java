package io.sluice.certs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;

/**
 * Crash-safe file writes for key material: the content goes to a temporary file in the target's
 * directory, is flushed to disk, gets its final permissions, and is then renamed over the target
 * with {@code ATOMIC_MOVE}, so readers see either the old or the new file, never half of one.
 * An existing target is first copied to {@code NAME.bak-<UTC timestamp>} so a mistaken overwrite
 * of a CA or keystore can be undone.
 */
final class SecureFiles {

    /** rw------- : private keys and keystores holding them. */
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** rw-r--r-- : certificates and trust stores, which hold nothing secret. */
    static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private SecureFiles() {
    }

    /**
     * Atomically replaces {@code file} with {@code content}.
     *
     * @param secret true for private material (owner-only permissions, also on the backup)
     * @return the backup of the previous file, if there was one
     */
    static Optional<Path> write(Path file, byte[] content, boolean secret) {
        Path target = file.toAbsolutePath().normalize();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
            Set<PosixFilePermission> perms = secret ? OWNER_ONLY : WORLD_READABLE;
            String prefix = "." + target.getFileName() + ".";
            // created rw------- so the secret is never readable by others, not even for a moment
            tmp = posix
                    ? Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(dir, prefix, ".tmp");
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(tmp, perms);
            }
            Optional<Path> backup = Files.exists(target) ? Optional.of(backup(target, secret && posix)) : Optional.empty();
            move(tmp, target);
            tmp = null;
            syncDirectory(dir);
            return backup;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a leftover dot-file is harmless
                }
            }
        }
    }

    private static Path backup(Path target, boolean restrict) throws IOException {
        String base = target.getFileName() + ".bak-" + STAMP.format(Clock.systemUTC().instant());
        for (int attempt = 0; ; attempt++) {
            Path backup = target.resolveSibling(attempt == 0 ? base : base + "-" + attempt);
            try {
                Files.copy(target, backup, StandardCopyOption.COPY_ATTRIBUTES);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            if (restrict) {
                Files.setPosixFilePermissions(backup, OWNER_ONLY);
            }
            return backup;
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the rename durable; not supported everywhere (e.g. Windows), hence best effort. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // the data itself was already forced; only the directory entry may lag
        }
    }
}
