package cn.tongfa.hub.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An image fetched to a temporary file (never held in memory); closing deletes the file.
 *
 * @param url         the URL as the editor wrote it
 * @param file        the bytes
 * @param contentType the type sniffed from the first bytes ({@code image/jpeg}, {@code image/png},
 *                    {@code image/gif}, {@code image/webp})
 * @param size        the number of bytes
 * @param name        a file name for the media library, from the last path segment of the URL
 */
public record FetchedImage(String url, Path file, String contentType, long size, String name)
        implements AutoCloseable {

    public InputStream open() {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }
}
