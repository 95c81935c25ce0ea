package cn.tongfa.hub.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The embedded default: one file per media under {@code tongfa.media.dir}, in a sub-directory per id prefix so
 * that no directory grows to millions of entries. Uploads are staged in the same file system and moved in.
 */
final class FileMediaStore implements MediaStore {

    private final Path root;

    FileMediaStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void put(String id, Path staged) throws IOException {
        Path target = path(id);
        Files.createDirectories(target.getParent());
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException notAtomic) {
            Files.copy(staged, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public InputStream open(String id) throws IOException {
        return Files.newInputStream(path(id));
    }

    @Override
    public void delete(String id) throws IOException {
        Files.deleteIfExists(path(id));
    }

    @Override
    public Path staging() throws IOException {
        return Files.createDirectories(root.resolve(".incoming"));
    }

    /**
     * Removes staged uploads older than a day: what a process killed in the middle of an upload left behind (a
     * running upload takes seconds, and its file is younger).
     */
    void removeStaleUploads(java.time.Instant now) {
        Path incoming = root.resolve(".incoming");
        if (!Files.isDirectory(incoming)) {
            return;
        }
        try (var files = Files.list(incoming)) {
            files.filter(file -> {
                try {
                    return Files.getLastModifiedTime(file).toInstant().isBefore(now.minus(java.time.Duration.ofDays(1)));
                } catch (IOException gone) {
                    return false;
                }
            }).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // Tried again at the next start.
                }
            });
        } catch (IOException ignored) {
            // An unreadable staging directory shows at the next upload.
        }
    }

    private Path path(String id) {
        if (!id.matches("[0-9a-z]{8,32}")) {
            throw new IllegalArgumentException("bad media id");
        }
        return root.resolve(id.substring(id.length() - 2)).resolve(id);
    }
}
