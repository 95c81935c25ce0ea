package cn.tongfa.connector.weibo;

/**
 * The picture attached to a status ({@code statuses/share.json}'s multipart {@code pic}): the item's cover, else
 * the first image of its body. Weibo takes JPEG, GIF and PNG under 5 MB; the type is read from the bytes, as
 * Weibo does, never from the file name.
 *
 * @param bytes the image
 * @param type  {@code jpg}, {@code png} or {@code gif}
 */
public record WeiboPicture(byte[] bytes, String type) {

    /** Weibo's limit: less than 5 MB. */
    public static final long MAX_BYTES = 5L * 1024 * 1024 - 1;

    /** The file name sent with the picture. */
    public String fileName() {
        return "picture." + type;
    }

    /** The media type sent with the picture. */
    public String mediaType() {
        return switch (type) {
            case "jpg" -> "image/jpeg";
            case "png" -> "image/png";
            default -> "image/gif";
        };
    }

    /** The picture type by the image's magic bytes ({@code jpg}, {@code png}, {@code gif}), or null for others. */
    public static String sniff(byte[] bytes) {
        if (bytes == null || bytes.length < 4) {
            return null;
        }
        if ((bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
            return "jpg";
        }
        if ((bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return "png";
        }
        if (bytes[0] == 'G' && bytes[1] == 'I' && bytes[2] == 'F' && bytes[3] == '8') {
            return "gif";
        }
        return null;
    }
}
