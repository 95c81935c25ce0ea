package cn.tongfa.hub.content;

/**
 * What the per-channel image pre-flight ({@link ContentCheck#imagePreflight}) knows of one image of an item,
 * from the media library's record of it.
 *
 * @param role        the cover, or an image of the body (in the body's order)
 * @param name        the file name the editor knows it by
 * @param contentType the type sniffed from the bytes ({@code image/jpeg}, {@code image/png}, {@code image/gif})
 * @param size        bytes
 * @param width       pixels, null when not known
 * @param height      pixels, null when not known
 * @param animated    a GIF with more than one frame
 */
public record ImageFact(Role role, String name, String contentType, long size, Integer width, Integer height,
        boolean animated) {

    public enum Role {
        COVER,
        BODY
    }

    /** The field an editor fixes this image in. */
    String field() {
        return role == Role.COVER ? "coverMediaId" : "bodyHtml";
    }

    /** How the editor knows it, in messages: 封面“a.jpg” / 正文图片“b.png”. */
    String label() {
        return (role == Role.COVER ? "封面" : "正文图片") + "“" + name + "”";
    }

    long pixels() {
        return width == null || height == null ? 0 : (long) width * height;
    }
}
