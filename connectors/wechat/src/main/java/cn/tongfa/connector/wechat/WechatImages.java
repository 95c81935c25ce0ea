package cn.tongfa.connector.wechat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

import cn.tongfa.connector.api.DeliveryException;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.MediaDownload;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.imaging.JpegFitter;

/**
 * Turns the item's images (read from the hub's media library, nowhere else) into what WeChat takes, and draws the
 * default cover for items that have none. See {@code docs/wechat-media.md} for the limits and where they come from.
 *
 * <ul>
 *   <li>Cover (permanent image material, {@code material/add_material?type=image}): WeChat takes bmp, png, jpeg,
 *       jpg and gif up to 10 MB; we send a JPEG of at most {@value #MAX_COVER_BYTES} bytes and
 *       {@value #MAX_COVER_WIDTH} pixels wide, the aspect ratio kept (WeChat crops the 2.35:1 list card and the
 *       1:1 share card itself). A JPEG already within both is sent as it is.</li>
 *   <li>Body image ({@code media/uploadimg}): jpg or png under 1 MB. One within that is sent as it is; any other
 *       (a GIF, a large photo, a large screenshot) becomes a JPEG at most {@value #MAX_BODY_WIDTH} pixels wide and
 *       under 1 MB. An animated GIF keeps only its first frame: WeChat's article images cannot move unless
 *       uploaded through its editor.</li>
 * </ul>
 */
final class WechatImages {

    /** What the connector sends WeChat: its bytes and a file name whose extension tells WeChat its type. */
    record Image(byte[] bytes, String fileName) {
    }

    /** At most this much is read of one image from the hub (the hub's own limit for images is 10 MB by default). */
    static final long MAX_SOURCE_BYTES = 20L * 1024 * 1024;
    /** Our limit for the cover; WeChat's is 10 MB, but a smaller file is sent and shown faster. */
    static final long MAX_COVER_BYTES = 2L * 1024 * 1024;
    /** WeChat shows a cover at most about 900 pixels wide; twice that is sharp on any phone. */
    static final int MAX_COVER_WIDTH = 1800;
    /** uploadimg refuses 1 MB and more. */
    static final long MAX_BODY_BYTES = 1024 * 1024 - 1;
    /** An article is about 677 CSS pixels wide on a phone; this is sharp at 1.6× and keeps files small. */
    static final int MAX_BODY_WIDTH = 1080;
    /** Larger images are refused before decoding: a small file can unpack to gigabytes. */
    static final long MAX_PIXELS = 60_000_000L;

    /** Images are not made smaller than this to fit: below it a photo says nothing any more. */
    private static final int MIN_WIDTH = 200;
    private static final JpegFitter FITTER = new JpegFitter(MAX_PIXELS, MIN_WIDTH, 0.85f, 0.75f, 0.6f);

    private final MediaDownload download;

    WechatImages(MediaDownload download) {
        this.download = download;
    }

    /** The item's cover as WeChat's image material takes it. */
    Image cover(ItemSnapshot.Media cover) throws DeliveryException {
        byte[] bytes = download.read(cover, MAX_SOURCE_BYTES);
        return fitCover(bytes, "封面图片“" + cover.name() + "”");
    }

    /** A body image as {@code media/uploadimg} takes it. */
    Image bodyImage(ItemSnapshot.Media image) throws DeliveryException {
        byte[] bytes = download.read(image, MAX_SOURCE_BYTES);
        return fitBodyImage(bytes, "正文图片“" + image.name() + "”");
    }

    static Image fitCover(byte[] bytes, String what) throws PermanentDeliveryException {
        String format = format(bytes);
        if ("jpg".equals(format) && bytes.length <= MAX_COVER_BYTES && width(bytes, what) <= MAX_COVER_WIDTH) {
            return new Image(bytes, "cover.jpg");
        }
        return new Image(toJpeg(bytes, MAX_COVER_WIDTH, MAX_COVER_BYTES, what), "cover.jpg");
    }

    static Image fitBodyImage(byte[] bytes, String what) throws PermanentDeliveryException {
        String format = format(bytes);
        if (("jpg".equals(format) || "png".equals(format)) && bytes.length <= MAX_BODY_BYTES) {
            width(bytes, what);
            return new Image(bytes, "image." + format);
        }
        return new Image(toJpeg(bytes, MAX_BODY_WIDTH, MAX_BODY_BYTES, what), "image.jpg");
    }

    /**
     * Decodes the image and encodes it as a JPEG of at most {@code maxWidth} pixels and {@code maxBytes} bytes:
     * lower qualities first, then smaller sizes, as long as the picture stays recognisable.
     */
    private static byte[] toJpeg(byte[] bytes, int maxWidth, long maxBytes, String what)
            throws PermanentDeliveryException {
        width(bytes, what);
        try {
            return FITTER.fit(bytes, maxWidth, maxBytes);
        } catch (JpegFitter.Refused e) {
            throw refusal(e, bytes, maxBytes, what);
        }
    }

    /** The image's width, read from its header; refuses what is not an image or has too many pixels. */
    private static int width(byte[] bytes, String what) throws PermanentDeliveryException {
        if (format(bytes).isEmpty()) {
            throw notSupported(bytes, what);
        }
        try {
            return FITTER.size(bytes).width();
        } catch (JpegFitter.Refused e) {
            throw refusal(e, bytes, 0, what);
        }
    }

    /** WeChat's words for why an image cannot be sent. */
    private static PermanentDeliveryException refusal(JpegFitter.Refused e, byte[] bytes, long maxBytes,
            String what) {
        return switch (e.reason()) {
            case NOT_AN_IMAGE -> notSupported(bytes, what);
            case UNREADABLE_HEADER -> new PermanentDeliveryException("image-type",
                    what + "无法解码，微信只接受JPG、PNG、GIF、BMP图片", e.getCause());
            case UNDECODABLE -> new PermanentDeliveryException("image-type", what + "无法解码（" + describe(bytes)
                    + "），微信只接受JPG、PNG、GIF、BMP图片", e.getCause());
            case TOO_MANY_PIXELS -> new PermanentDeliveryException("image-size", what + "像素过多（" + e.width() + "×"
                    + e.height() + "），请换一张图片");
            case TOO_LARGE -> new PermanentDeliveryException("image-size", what + "压缩后仍超过微信的大小限制（"
                    + limit(maxBytes) + "），请换一张图片");
        };
    }

    private static PermanentDeliveryException notSupported(byte[] bytes, String what) {
        return new PermanentDeliveryException("image-type", what + "不是微信支持的图片（" + describe(bytes)
                + "），微信只接受JPG、PNG、GIF、BMP图片");
    }

    private static String describe(byte[] bytes) {
        String format = format(bytes);
        return format.isEmpty() ? "文件内容不是图片" : format.toUpperCase() + "，" + limit(bytes.length);
    }

    private static String limit(long bytes) {
        return bytes >= 1024 * 1024 ? (bytes + 1) / (1024 * 1024) + "MB" : (bytes + 1) / 1024 + "KB";
    }

    /** The default cover: a plain 900×383 (2.35:1) JPEG drawn in memory. */
    static Image defaultCover() {
        return DefaultCover.IMAGE;
    }

    /** The image format by its magic bytes: jpg, png, gif, bmp, or empty. */
    static String format(byte[] bytes) {
        if (bytes == null || bytes.length < 4) {
            return "";
        }
        if ((bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8) {
            return "jpg";
        }
        if ((bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return "png";
        }
        if (bytes[0] == 'G' && bytes[1] == 'I' && bytes[2] == 'F') {
            return "gif";
        }
        if (bytes[0] == 'B' && bytes[1] == 'M') {
            return "bmp";
        }
        return "";
    }

    /** Drawn once, on first use. */
    private static final class DefaultCover {
        static final Image IMAGE = draw();

        private static Image draw() {
            BufferedImage image = new BufferedImage(900, 383, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            try {
                g.setPaint(new GradientPaint(0, 0, new Color(0xB7, 0x1C, 0x1C), 900, 383, new Color(0x8E, 0x24, 0x24)));
                g.fillRect(0, 0, 900, 383);
                g.setColor(new Color(0xFF, 0xD5, 0x4F));
                g.fillRect(0, 340, 900, 8);
            } finally {
                g.dispose();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                ImageIO.write(image, "jpg", out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Image(out.toByteArray(), "cover.jpg");
        }
    }
}
