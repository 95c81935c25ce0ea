package cn.tongfa.connector.portal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongfa.connector.api.DeliveryException;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.MediaDownload;

/**
 * The files an item page shows (its cover, body images and attachments), copied from the hub's media library into
 * the agency's tree so that the site stands alone: {@code {agency}/files/{sha256[0..2]}/{sha256}.{ext}}. A file is
 * named by its content, so one already there is not downloaded again, two items sharing a file share the copy, and
 * a new version with another image gets a new file beside the old one.
 *
 * <p>Files are downloaded before the agency's lock is taken (a 50 MB attachment must not hold up the group), and
 * checked again under it: a group may have removed a file no page referenced any more in between.
 */
final class PortalFiles {

    private static final Logger log = LoggerFactory.getLogger(PortalFiles.class);

    /** The directory of an agency's copied files, under the agency's. */
    static final String DIR = "files";

    /**
     * Read limit when the hub states no size; a stated size is the limit itself (the copy must match it). The hub's
     * own upload limits (by default 10 MB for images, 50 MB for documents) are far below.
     */
    static final long MAX_UNSIZED_BYTES = 512L * 1024 * 1024;

    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{2}/[0-9a-f]{64}\\.[a-z0-9]{1,8}");
    private static final Pattern SAFE_EXTENSION = Pattern.compile("[a-z0-9]{1,8}");

    private final MediaDownload download;

    PortalFiles(MediaDownload download) {
        this.download = download;
    }

    /**
     * The copies one page links, by media id: each a name relative to {@code {agency}/files/}.
     */
    record Copies(Map<String, String> byId) {

        static final Copies NONE = new Copies(Map.of());

        Copies {
            byId = Map.copyOf(byId);
        }

        /** The distinct names, sorted: what the page's index entry and meta tag record. */
        List<String> names() {
            return List.copyOf(new TreeSet<>(byId.values()));
        }
    }

    /** The media a page of the item shows: the cover when the template shows one, the body's images, attachments. */
    static List<ItemSnapshot.Media> shown(ItemSnapshot item, boolean withCover) {
        Map<String, ItemSnapshot.Media> shown = new LinkedHashMap<>();
        if (withCover && item.cover() != null) {
            shown.put(item.cover().id(), item.cover());
        }
        for (ItemSnapshot.Media image : PortalBody.images(item)) {
            shown.putIfAbsent(image.id(), image);
        }
        for (ItemSnapshot.Media attachment : item.attachments()) {
            shown.putIfAbsent(attachment.id(), attachment);
        }
        return List.copyOf(shown.values());
    }

    /** Copies every file the page shows that the agency's tree lacks. */
    Copies copy(PortalLayout layout, List<ItemSnapshot.Media> shown) throws DeliveryException, IOException {
        if (shown.isEmpty()) {
            return Copies.NONE;
        }
        Map<String, String> byId = new LinkedHashMap<>();
        for (ItemSnapshot.Media media : shown) {
            byId.put(media.id(), copy(layout, media));
        }
        return new Copies(byId);
    }

    /**
     * Under the agency's lock, before the page is written: copies again what a group removed since {@link #copy}.
     */
    void ensure(PortalLayout layout, List<ItemSnapshot.Media> shown, Copies copies)
            throws DeliveryException, IOException {
        for (ItemSnapshot.Media media : shown) {
            String name = copies.byId().get(media.id());
            if (name != null && !Files.exists(file(layout, name))) {
                copy(layout, media);
            }
        }
    }

    private String copy(PortalLayout layout, ItemSnapshot.Media media) throws DeliveryException, IOException {
        String extension = extension(media);
        String known = media.sha256() == null ? null : media.sha256().toLowerCase(Locale.ROOT);
        long limit = media.size() > 0 ? media.size() : MAX_UNSIZED_BYTES;
        if (known != null && known.matches("[0-9a-f]{64}")) {
            String name = name(known, extension);
            Path target = file(layout, name);
            if (Files.exists(target) && (media.size() <= 0 || Files.size(target) == media.size())) {
                return name;
            }
            download.copyTo(media, target, limit);
            readable(target);
            return name;
        }
        // Without a stated digest the name is known only once the bytes are: download beside the files, then move.
        Path incoming = layout.agencyDir().resolve(DIR).resolve(".incoming-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
        MediaDownload.Copied copied = download.copyTo(media, incoming, limit);
        String name = name(copied.sha256(), extension);
        Path target = file(layout, name);
        try {
            if (Files.exists(target)) {
                return name;
            }
            Files.createDirectories(target.getParent());
            Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            readable(target);
            return name;
        } finally {
            Files.deleteIfExists(incoming);
        }
    }

    /**
     * Removes the named files, which no page of the agency references any more. A file that cannot be removed is
     * logged and left: the pages are in place, only space is lost.
     */
    static void remove(PortalLayout layout, Collection<String> names) {
        for (String name : names) {
            if (!NAME.matcher(name).matches()) {
                continue;
            }
            try {
                Files.deleteIfExists(file(layout, name));
            } catch (IOException e) {
                log.warn("Could not remove the unreferenced portal file {}/{}/{}: {}", layout.agency(), DIR, name,
                        e.toString());
            }
        }
    }

    /** Names recorded in a page's meta tag or the index, keeping only what this class writes. */
    static List<String> parseNames(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String name : text.trim().split("\\s+")) {
            if (NAME.matcher(name).matches()) {
                names.add(name);
            }
        }
        return names;
    }

    static Path file(PortalLayout layout, String name) {
        return layout.agencyDir().resolve(DIR).resolve(name);
    }

    private static String name(String sha256, String extension) {
        return sha256.substring(0, 2) + "/" + sha256 + "." + extension;
    }

    private static void readable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, READABLE);
        } catch (UnsupportedOperationException | NoSuchFileException e) {
            // No POSIX permissions here, or replaced meanwhile by an identical copy: nothing to do.
        }
    }

    /** A kind of file as the attachments block names it, and the extension its copy is stored under. */
    record Kind(String label, String extension) {
    }

    private static final Map<String, Kind> BY_TYPE = Map.ofEntries(
            Map.entry("application/pdf", new Kind("PDF", "pdf")),
            Map.entry("application/ofd", new Kind("OFD", "ofd")),
            Map.entry("application/vnd.ofd", new Kind("OFD", "ofd")),
            Map.entry("application/msword", new Kind("Word", "doc")),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    new Kind("Word", "docx")),
            Map.entry("application/vnd.ms-excel", new Kind("Excel", "xls")),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", new Kind("Excel", "xlsx")),
            Map.entry("application/vnd.ms-powerpoint", new Kind("PowerPoint", "ppt")),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation",
                    new Kind("PowerPoint", "pptx")),
            Map.entry("application/kswps", new Kind("WPS", "wps")),
            Map.entry("application/wps-office.wps", new Kind("WPS", "wps")),
            Map.entry("application/vnd.ms-works", new Kind("WPS", "wps")),
            Map.entry("application/kset", new Kind("WPS", "et")),
            Map.entry("application/wps-office.et", new Kind("WPS", "et")),
            Map.entry("application/zip", new Kind("压缩包", "zip")),
            Map.entry("application/x-zip-compressed", new Kind("压缩包", "zip")),
            Map.entry("application/vnd.rar", new Kind("压缩包", "rar")),
            Map.entry("application/x-rar-compressed", new Kind("压缩包", "rar")),
            Map.entry("application/x-7z-compressed", new Kind("压缩包", "7z")),
            Map.entry("image/jpeg", new Kind("图片", "jpg")),
            Map.entry("image/png", new Kind("图片", "png")),
            Map.entry("image/gif", new Kind("图片", "gif")),
            Map.entry("image/webp", new Kind("图片", "webp")),
            Map.entry("text/plain", new Kind("文本", "txt")),
            Map.entry("text/csv", new Kind("CSV", "csv")));

    private static final Map<String, Kind> BY_EXTENSION = Map.ofEntries(
            Map.entry("pdf", new Kind("PDF", "pdf")), Map.entry("ofd", new Kind("OFD", "ofd")),
            Map.entry("doc", new Kind("Word", "doc")), Map.entry("docx", new Kind("Word", "docx")),
            Map.entry("xls", new Kind("Excel", "xls")), Map.entry("xlsx", new Kind("Excel", "xlsx")),
            Map.entry("ppt", new Kind("PowerPoint", "ppt")), Map.entry("pptx", new Kind("PowerPoint", "pptx")),
            Map.entry("wps", new Kind("WPS", "wps")), Map.entry("et", new Kind("WPS", "et")),
            Map.entry("zip", new Kind("压缩包", "zip")), Map.entry("rar", new Kind("压缩包", "rar")),
            Map.entry("7z", new Kind("压缩包", "7z")));

    // Container types say little: an OFD or a DOCX is a ZIP, a WPS or a DOC an OLE2 file; the name then decides
    // among the kinds the hub accepts.
    private static final Set<String> GENERIC = Set.of("application/zip", "application/octet-stream",
            "application/x-tika-ooxml", "application/x-tika-msoffice", "application/x-ole-storage");
    // The hub reports Kingsoft's WPS 文字 and 表格 files as Word and Excel (Tika sees the same OLE2 layout): the
    // name tells them apart, so that readers see WPS and the copy keeps its extension.
    private static final Map<String, String> KINGSOFT = Map.of("application/msword", "wps",
            "application/vnd.ms-excel", "et");

    /**
     * The kind of a file: from its sniffed type, or, for a container type or none, from its name's extension among
     * the document kinds; else 文件, stored as {@code .bin}.
     */
    static Kind kind(ItemSnapshot.Media media) {
        String type = media.contentType() == null ? ""
                : media.contentType().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        Kind byType = BY_TYPE.get(type);
        String kingsoft = KINGSOFT.get(type);
        if (kingsoft != null && kingsoft.equals(extensionOf(media.name()))) {
            return BY_EXTENSION.get(kingsoft);
        }
        if (byType != null && !GENERIC.contains(type)) {
            return byType;
        }
        Kind byName = BY_EXTENSION.get(extensionOf(media.name()));
        if (byName != null) {
            return byName;
        }
        return byType != null ? byType : new Kind("文件", "bin");
    }

    static String extension(ItemSnapshot.Media media) {
        return kind(media).extension();
    }

    private static String extensionOf(String name) {
        if (name == null) {
            return "";
        }
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return SAFE_EXTENSION.matcher(extension).matches() ? extension : "";
    }

    /**
     * The file name a download is saved under: the display name, with the copy's extension added when the name
     * lacks it (an editor may have renamed 附件一.pdf to 附件一).
     */
    static String downloadName(ItemSnapshot.Media media) {
        String name = media.name() == null || media.name().isBlank() ? media.id() : media.name().strip();
        String extension = extension(media);
        return extensionOf(name).equals(extension) ? name : name + "." + extension;
    }

    /**
     * A size as readers read it: bytes below 1 KB, else KB, MB or GB (of 1,024), with one decimal below 10.
     * E.g. {@code 512 B}, {@code 3.4 KB}, {@code 356 KB}, {@code 1.2 MB}, {@code 45 MB}.
     */
    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return Math.max(bytes, 0) + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (value < 9.95) {
            return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
        }
        long rounded = Math.round(value);
        if (rounded >= 1024 && unit < units.length - 1) {
            return "1.0 " + units[unit + 1];
        }
        return rounded + " " + units[unit];
    }
}
