package cn.tongfa.connector.weibo;

import cn.tongfa.connector.imaging.JpegFitter;

/**
 * The picture attached to a status ({@code statuses/share.json}'s multipart {@code pic}): the item's cover, else
 * the first image of its body. Weibo takes JPEG, GIF and PNG under 5 MB; the type is read from the bytes, as
 * Weibo does, never from the file name (see {@code docs/weibo-media.md}).
 *
 * @param bytes the image
 * @param type  {@code jpg}, {@code png} or {@code gif}
 */
public record WeiboPicture(byte[] bytes, String type) {

    /** Weibo's limit: less than 5 MB. */
    public static final long MAX_BYTES = 5L * 1024 * 1024 - 1;
    /** Wider pictures are made this wide before anything else is tried: Weibo shows none wider. */
    static final int MAX_WIDTH = 4096;
    /** Larger images are refused before decoding: a small file can unpack to gigabytes. */
    static final long MAX_PIXELS = 60_000_000L;

    private static final int MIN_WIDTH = 400;
    private static final JpegFitter FITTER = new JpegFitter(MAX_PIXELS, MIN_WIDTH, 0.9f, 0.8f, 0.7f);

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

    /**
     * The picture Weibo takes for these bytes: the image itself when it is a JPEG, PNG or GIF under 5 MB;
     * otherwise a JPEG under 5 MB made from it (resized when re-encoding alone is not enough). An animated GIF
     * over 5 MB so becomes a still JPEG of its first frame: Weibo would refuse it whole, and a still picture
     * says more than none.
     *
     * @throws IllegalArgumentException when the bytes are no image that can be read, with the reason in Chinese
     */
    public static WeiboPicture fit(byte[] bytes) {
        String type = sniff(bytes);
        try {
            if (type != null && bytes.length <= MAX_BYTES) {
                FITTER.size(bytes);
                return new WeiboPicture(bytes, type);
            }
            return new WeiboPicture(FITTER.fit(bytes, MAX_WIDTH, MAX_BYTES), "jpg");
        } catch (JpegFitter.Refused e) {
            throw refusal(e);
        }
    }

    /** Weibo's words for why a picture cannot be sent. */
    private static IllegalArgumentException refusal(JpegFitter.Refused e) {
        return switch (e.reason()) {
            case NOT_AN_IMAGE -> new IllegalArgumentException("文件内容不是图片，微博只支持JPG、PNG、GIF图片");
            case UNREADABLE_HEADER, UNDECODABLE ->
                    new IllegalArgumentException("图片无法解码，微博只支持JPG、PNG、GIF图片", e.getCause());
            case TOO_MANY_PIXELS -> new IllegalArgumentException("图片像素过多（" + e.width() + "×" + e.height() + "）");
            case TOO_LARGE -> new IllegalArgumentException("图片压缩后仍超过微博的5MB上限");
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
