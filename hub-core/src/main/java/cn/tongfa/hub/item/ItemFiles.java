package cn.tongfa.hub.item;

import java.util.List;

/**
 * An item's cover and attachments as the web pages show them: what {@code media} in the item answer says, for
 * callers outside this package.
 */
public record ItemFiles(File cover, List<File> attachments) {

    /** @param name the name readers see: the editor's display name, else the uploaded file's */
    public record File(String id, String name, String url, String contentType, long size, Integer width,
            Integer height) {
    }

    static ItemFiles of(ItemMedia.View view) {
        return new ItemFiles(view.cover() == null ? null : file(view.cover()),
                view.attachments().stream().map(ItemFiles::file).toList());
    }

    private static File file(ItemMedia.FileView view) {
        return new File(view.id(), view.name(), view.url(), view.contentType(), view.size(), view.width(),
                view.height());
    }
}
