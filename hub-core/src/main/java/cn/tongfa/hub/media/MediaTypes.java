package cn.tongfa.hub.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.HttpStatus;

import cn.tongfa.hub.web.ApiException;

/**
 * What an uploaded file really is, from its bytes alone (Tika's magic and container detectors; the name and the
 * browser's declared type are never consulted), and whether the hub accepts it. docs/media.md explains the list.
 */
final class MediaTypes {

    static final String OFD = "application/ofd";
    static final String ZIP = "application/zip";
    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** Accepted types. WPS and ET (Kingsoft) files are OLE2 documents that Tika reports as Word and Excel. */
    private static final Map<String, MediaKind> ACCEPTED = Map.of(
            "image/jpeg", MediaKind.IMAGE,
            "image/png", MediaKind.IMAGE,
            "image/gif", MediaKind.IMAGE,
            "application/pdf", MediaKind.DOCUMENT,
            "application/msword", MediaKind.DOCUMENT,
            "application/vnd.ms-excel", MediaKind.DOCUMENT,
            DOCX, MediaKind.DOCUMENT,
            XLSX, MediaKind.DOCUMENT);

    /** Names for what a refused file really is, as message keys ({@code media.type.*}). */
    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("text/html", "html"),
            Map.entry("application/xhtml+xml", "html"),
            Map.entry("text/javascript", "script"),
            Map.entry("application/javascript", "script"),
            Map.entry("text/x-php", "script"),
            Map.entry("application/x-sh", "script"),
            Map.entry("application/x-bat", "script"),
            Map.entry("application/x-msdownload", "executable"),
            Map.entry("application/x-dosexec", "executable"),
            Map.entry("application/x-executable", "executable"),
            Map.entry("application/x-elf", "executable"),
            Map.entry("application/x-sharedlib", "executable"),
            Map.entry("application/x-mach-o-executable", "executable"),
            Map.entry("application/java-archive", "executable"),
            Map.entry("application/java-vm", "executable"),
            Map.entry("text/plain", "text"),
            Map.entry("application/xml", "xml"),
            Map.entry("image/svg+xml", "svg"),
            Map.entry("image/bmp", "image"),
            Map.entry("image/tiff", "image"),
            Map.entry("image/heic", "image"),
            Map.entry("image/x-icon", "image"),
            Map.entry("image/vnd.microsoft.icon", "image"),
            Map.entry("application/vnd.ms-powerpoint", "presentation"),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", "presentation"),
            Map.entry("application/vnd.ms-word.document.macroenabled.12", "macro"),
            Map.entry("application/vnd.ms-excel.sheet.macroenabled.12", "macro"),
            Map.entry("application/x-tika-ooxml-protected", "encrypted"),
            Map.entry("application/x-tika-msoffice", "office"),
            Map.entry("application/x-rar-compressed", "archive"),
            Map.entry("application/x-7z-compressed", "archive"),
            Map.entry("application/gzip", "archive"),
            Map.entry("application/x-tar", "archive"),
            Map.entry("application/octet-stream", "unknown"));

    /** An image with more pixels than this would take gigabytes to decode when a channel resizes it. */
    static final long MAX_PIXELS = 50_000_000L;

    /** Tika's configuration loads every parser module: only when the first file is checked, not at start-up. */
    private static final class Tika {
        static final Detector DETECTOR = TikaConfig.getDefaultConfig().getDetector();
    }

    private final long maxDocument;
    private final int zipMaxEntries;

    MediaTypes(long maxDocument, int zipMaxEntries) {
        this.maxDocument = maxDocument;
        this.zipMaxEntries = zipMaxEntries;
    }

    /** What the staged upload is, if the hub accepts it; image dimensions for images. */
    record Sniffed(String contentType, MediaKind kind, Integer width, Integer height) {
    }

    /** Checks the staged file {@code name}; refuses with a problem naming the file and what it is. */
    Sniffed sniff(String name, Path file) throws IOException {
        String type = detect(file);
        if (type.equals("image/webp")) {
            throw refused("media.refused.webp", name);
        }
        MediaKind kind = ACCEPTED.get(type);
        if (kind == MediaKind.IMAGE) {
            return image(name, type, file);
        }
        if (kind != null) {
            return new Sniffed(type, kind, null, null);
        }
        if (type.equals(ZIP)) {
            return zip(name, file);
        }
        throw refused("media.refused.type", name, describe(type));
    }

    String detect(Path file) throws IOException {
        try (TikaInputStream in = TikaInputStream.get(file)) {
            MediaType type = Tika.DETECTOR.detect(in, new Metadata());
            return type.getBaseType().toString().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private Sniffed image(String name, String type, Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator()
                    : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw refused("media.refused.brokenImage", name);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > MAX_PIXELS) {
                    throw refused("media.refused.pixels", name, width, height);
                }
                return new Sniffed(type, MediaKind.IMAGE, width, height);
            } catch (IOException | RuntimeException broken) {
                if (broken instanceof ApiException api) {
                    throw api;
                }
                throw refused("media.refused.brokenImage", name);
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * An OFD (GB/T 33190: a ZIP with {@code OFD.xml} at its root), or a ZIP whose every file is an accepted
     * document. Entries are read with a cap on their number and sizes, so a ZIP bomb stops early.
     */
    private Sniffed zip(String name, Path file) throws IOException {
        // Windows writes entry names in GBK without the UTF-8 flag; names with the flag are read as UTF-8.
        try (ZipFile zip = new ZipFile(file.toFile(), Charset.forName("GB18030"))) {
            if (zip.getEntry("OFD.xml") != null) {
                return new Sniffed(OFD, MediaKind.DOCUMENT, null, null);
            }
            int files = 0;
            long total = 0;
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                if (++files > zipMaxEntries) {
                    throw refused("media.refused.zipEntries", name, zipMaxEntries);
                }
                Path part = Files.createTempFile("tongfa-zip-", ".part");
                try {
                    long size = copyCapped(zip, entry, part, name);
                    total += size;
                    if (total > 4 * maxDocument) {
                        throw tooLargeInside(name, entry.getName());
                    }
                    String type = detect(part);
                    boolean accepted = ACCEPTED.get(type) == MediaKind.DOCUMENT
                            || (type.equals(ZIP) && isOfd(part));
                    if (!accepted) {
                        throw refused("media.refused.zipEntry", name, entry.getName(), describe(type));
                    }
                } finally {
                    Files.deleteIfExists(part);
                }
            }
            if (files == 0) {
                throw refused("media.refused.zipEmpty", name);
            }
            return new Sniffed(ZIP, MediaKind.DOCUMENT, null, null);
        } catch (ZipException | IllegalArgumentException broken) {
            // IllegalArgumentException: an entry name that is neither GB18030 nor flagged UTF-8.
            throw refused("media.refused.brokenZip", name);
        }
    }

    private static boolean isOfd(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.getEntry("OFD.xml") != null;
        } catch (IOException | IllegalArgumentException notZip) {
            return false;
        }
    }

    private long copyCapped(ZipFile zip, ZipEntry entry, Path target, String name) throws IOException {
        if (entry.getSize() > maxDocument) {
            throw tooLargeInside(name, entry.getName());
        }
        try (InputStream in = zip.getInputStream(entry); var out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            long copied = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                copied += n;
                if (copied > maxDocument) {
                    throw tooLargeInside(name, entry.getName());
                }
                out.write(buffer, 0, n);
            }
            return copied;
        }
    }

    private ApiException tooLargeInside(String name, String entry) {
        return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "media.tooLarge.zipEntry", name, entry,
                MediaLibrary.megabytes(maxDocument));
    }

    static DefaultMessageSourceResolvable describe(String type) {
        String key = DESCRIPTIONS.get(type);
        if (key == null) {
            return new DefaultMessageSourceResolvable(new String[] {"media.type.other"}, new Object[] {type}, type);
        }
        return new DefaultMessageSourceResolvable(new String[] {"media.type." + key}, new Object[] {type}, type);
    }

    private static ApiException refused(String key, Object... args) {
        return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, key, args);
    }
}
