package cn.tongfa.hub.item;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.hub.media.MediaFile;
import cn.tongfa.hub.media.MediaLibrary;
import cn.tongfa.hub.web.ApiException.FieldProblem;

/**
 * The media an item uses: its cover, its attachments (in order, each with the name readers see) and the images of
 * its body ({@code <img src="/media/{id}">}). Checked against the item's agency's library, stored as rows of
 * {@code item_media} in the item's transaction, and turned into the snapshot's {@link ItemSnapshot.Media}.
 */
@Component
class ItemMedia {

    static final String COVER = "COVER";
    static final String ATTACHMENT = "ATTACHMENT";
    static final String IMAGE = "IMAGE";
    private static final int NAME_MAX = 255;
    /** item.attachments holds the ids comma-separated in 2000 characters. */
    static final int MAX_ATTACHMENTS = 80;
    private static final Pattern IMG_SRC = Pattern.compile("<img\\b[^>]*?\\ssrc\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')",
            Pattern.CASE_INSENSITIVE);

    private final MediaLibrary library;
    private final JdbcClient jdbc;

    ItemMedia(MediaLibrary library, JdbcClient jdbc) {
        this.library = library;
        this.jdbc = jdbc;
    }

    /** One use of a file by an item; {@code name} is the display name of an attachment, else null. */
    record Link(String role, int position, MediaFile file, String name) {

        String shownName() {
            return name != null ? name : file.originalName();
        }
    }

    /** Every problem of the request's media references against the library of {@code agency}. */
    List<FieldProblem> problems(ItemRequest request, String agency) {
        List<FieldProblem> problems = new ArrayList<>();
        if (agency == null) {
            return problems;
        }
        if (!blank(request.coverMediaId())) {
            Optional<MediaFile> cover = library.find(request.coverMediaId().strip(), agency);
            if (cover.isEmpty()) {
                problems.add(new FieldProblem("coverMediaId", "media.unknown", request.coverMediaId()));
            } else if (!cover.get().isImage()) {
                problems.add(new FieldProblem("coverMediaId", "media.notImage", cover.get().originalName()));
            }
        }
        if (request.attachments() != null && request.attachments().size() > MAX_ATTACHMENTS) {
            problems.add(new FieldProblem("attachments", "media.tooManyAttachments", MAX_ATTACHMENTS,
                    request.attachments().size()));
        } else if (request.attachments() != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < request.attachments().size(); i++) {
                AttachmentRef ref = request.attachments().get(i);
                String field = "attachments[" + i + "]";
                String id = ref == null || ref.id() == null ? "" : ref.id().strip();
                if (library.find(id, agency).isEmpty()) {
                    problems.add(new FieldProblem(field, "media.unknown", id));
                } else if (!seen.add(id)) {
                    problems.add(new FieldProblem(field, "media.duplicateAttachment", id));
                } else if (ref.name() != null && ref.name().codePointCount(0, ref.name().length()) > NAME_MAX) {
                    problems.add(new FieldProblem(field + ".name", "field.tooLong", NAME_MAX,
                            ref.name().codePointCount(0, ref.name().length())));
                }
            }
        }
        for (String src : imageSources(request.bodyHtml())) {
            Optional<String> id = library.idOf(src);
            if (id.isPresent() && library.find(id.get(), agency).filter(MediaFile::isImage).isEmpty()) {
                problems.add(new FieldProblem("bodyHtml", "media.notInBody", src));
            }
        }
        return problems;
    }

    /** The links of a checked request whose stored body is {@code bodyHtml} (after sanitising). */
    List<Link> links(ItemRequest request, String agency, String bodyHtml) {
        List<Link> links = new ArrayList<>();
        if (!blank(request.coverMediaId())) {
            library.find(request.coverMediaId().strip(), agency)
                    .ifPresent(file -> links.add(new Link(COVER, 0, file, null)));
        }
        if (request.attachments() != null) {
            int position = 0;
            for (AttachmentRef ref : request.attachments()) {
                Optional<MediaFile> file = library.find(ref.id().strip(), agency);
                if (file.isPresent()) {
                    String name = blank(ref.name()) ? null : MediaLibrary.cleanName(ref.name());
                    links.add(new Link(ATTACHMENT, position++, file.get(), name));
                }
            }
        }
        Set<String> images = new LinkedHashSet<>();
        for (String src : imageSources(bodyHtml)) {
            library.idOf(src).ifPresent(images::add);
        }
        int position = 0;
        for (String id : images) {
            Optional<MediaFile> file = library.find(id, agency).filter(MediaFile::isImage);
            if (file.isPresent()) {
                links.add(new Link(IMAGE, position++, file.get(), null));
            }
        }
        return links;
    }

    /**
     * Replaces the item's links; in the caller's transaction, with the item itself. {@code hadLinks} false (a new
     * item, or one that used no media) saves the delete.
     */
    void replace(String itemId, List<Link> links, boolean hadLinks) {
        if (hadLinks) {
            jdbc.sql("delete from item_media where item_id = ?").param(itemId).update();
        }
        for (Link link : links) {
            jdbc.sql("insert into item_media (item_id, role, position, media_id, display_name) values (?, ?, ?, ?, ?)")
                    .params(itemId, link.role(), link.position(), link.file().id(), link.name()).update();
        }
    }

    /** The item's links, cover first, then attachments and images in order. */
    List<Link> of(String itemId) {
        List<String[]> rows = jdbc.sql("select role, position, media_id, display_name from item_media "
                        + "where item_id = ? order by role, position")
                .param(itemId)
                .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)})
                .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, MediaFile> files = new HashMap<>();
        for (MediaFile file : library.findAll(rows.stream().map(row -> row[2]).distinct().toList())) {
            files.put(file.id(), file);
        }
        List<Link> links = new ArrayList<>();
        for (String role : List.of(COVER, ATTACHMENT, IMAGE)) {
            for (String[] row : rows) {
                MediaFile file = files.get(row[2]);
                if (row[0].equals(role) && file != null) {
                    links.add(new Link(role, Integer.parseInt(row[1]), file, row[3]));
                }
            }
        }
        return links;
    }

    /** The media parts of an item's snapshot, and its body with hub image addresses made absolute and public. */
    record SnapshotMedia(ItemSnapshot.Media cover, List<ItemSnapshot.Media> attachments,
            List<ItemSnapshot.Media> images, String bodyHtml) {
    }

    SnapshotMedia snapshot(String itemId, String bodyHtml) {
        Duration validity = library.signedUrlValidity();
        List<Link> links = of(itemId);
        Function<Link, ItemSnapshot.Media> media = link -> new ItemSnapshot.Media(link.file().id(), link.shownName(),
                library.publicUrl(link.file().id()), library.signedUrl(link.file().id(), validity),
                link.file().contentType(), link.file().size(), link.file().sha256(), link.file().width(),
                link.file().height());
        ItemSnapshot.Media cover = links.stream().filter(link -> link.role().equals(COVER)).findFirst().map(media)
                .orElse(null);
        List<ItemSnapshot.Media> attachments = links.stream().filter(link -> link.role().equals(ATTACHMENT))
                .map(media).toList();
        List<ItemSnapshot.Media> images = links.stream().filter(link -> link.role().equals(IMAGE)).map(media)
                .toList();
        return new SnapshotMedia(cover, attachments, images, publicBody(bodyHtml));
    }

    /** {@code src="/media/{id}"} (or a signed hub address) becomes {@code src="{public-url}/media/{id}"}. */
    String publicBody(String bodyHtml) {
        if (bodyHtml == null || !bodyHtml.contains("/media/")) {
            return bodyHtml;
        }
        Matcher matcher = IMG_SRC.matcher(bodyHtml);
        StringBuilder out = new StringBuilder(bodyHtml.length() + 64);
        int last = 0;
        while (matcher.find()) {
            int group = matcher.group(1) != null ? 1 : 2;
            Optional<String> id = library.idOf(matcher.group(group));
            if (id.isPresent()) {
                out.append(bodyHtml, last, matcher.start(group)).append(library.publicUrl(id.get()));
                last = matcher.end(group);
            }
        }
        return out.append(bodyHtml, last, bodyHtml.length()).toString();
    }

    /** What the item answer shows of its media (an extension of API.md's ids). */
    record View(FileView cover, List<FileView> attachments, List<FileView> images) {

        static final View NONE = new View(null, List.of(), List.of());
    }

    record FileView(String id, String name, String url, String contentType, long size, Integer width,
            Integer height) {
    }

    View view(String itemId) {
        List<Link> links = of(itemId);
        Function<Link, FileView> view = link -> new FileView(link.file().id(), link.shownName(),
                library.publicUrl(link.file().id()), link.file().contentType(), link.file().size(),
                link.file().width(), link.file().height());
        return new View(links.stream().filter(link -> link.role().equals(COVER)).findFirst().map(view).orElse(null),
                links.stream().filter(link -> link.role().equals(ATTACHMENT)).map(view).toList(),
                links.stream().filter(link -> link.role().equals(IMAGE)).map(view).toList());
    }

    private static List<String> imageSources(String html) {
        if (html == null || !html.contains("/media/")) {
            return List.of();
        }
        List<String> sources = new ArrayList<>();
        Matcher matcher = IMG_SRC.matcher(html);
        while (matcher.find()) {
            sources.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        }
        return sources;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
