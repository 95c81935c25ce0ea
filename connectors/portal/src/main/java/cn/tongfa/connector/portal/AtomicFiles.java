package cn.tongfa.connector.portal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that a reader (the web server) sees either the old content or the new, never part of one:
 * the text goes to a temporary file in the same directory, which is then renamed over the target.
 */
final class AtomicFiles {

    // Temporary files are created owner-only; the web server usually runs as another user.
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} with {@code text} (UTF-8), creating its directory when needed.
     *
     * @throws java.nio.file.AtomicMoveNotSupportedException when the file system cannot rename atomically
     */
    static void write(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #write(Path, String)}, for text already encoded. */
    static void write(Path target, byte[] bytes) throws IOException {
        Path directory = target.getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, ".tongfa-", ".tmp");
        try {
            Files.write(temp, bytes);
            try {
                Files.setPosixFilePermissions(temp, READABLE);
            } catch (UnsupportedOperationException e) {
                // A file system without POSIX permissions: the file keeps what it was created with.
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
