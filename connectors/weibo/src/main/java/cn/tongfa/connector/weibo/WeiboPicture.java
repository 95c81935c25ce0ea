package cn.tongfa.connector.weibo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import net.coobird.thumbnailator.Thumbnails;

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
    private static final float[] QUALITIES = {0.9f, 0.8f, 0.7f};

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
        if (type != null && bytes.length <= MAX_BYTES) {
            checkPixels(bytes);
            return new WeiboPicture(bytes, type);
        }
        checkPixels(bytes);
        BufferedImage image;
        try {
            image = Thumbnails.of(new ByteArrayInputStream(bytes)).scale(1.0).useExifOrientation(true)
                    .asBufferedImage();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("图片无法解码，微博只支持JPG、PNG、GIF图片", e);
        }
        return new WeiboPicture(toJpeg(flatten(image)), "jpg");
    }

    private static byte[] toJpeg(BufferedImage image) {
        int width = Math.min(image.getWidth(), MAX_WIDTH);
        while (true) {
            for (float quality : QUALITIES) {
                byte[] jpeg = encode(image, width, quality);
                if (jpeg.length <= MAX_BYTES) {
                    return jpeg;
                }
            }
            if (width <= MIN_WIDTH) {
                throw new IllegalArgumentException("图片压缩后仍超过微博的5MB上限");
            }
            width = Math.max(MIN_WIDTH, width * 3 / 4);
        }
    }

    private static byte[] encode(BufferedImage image, int width, float quality) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Thumbnails.Builder<BufferedImage> builder = Thumbnails.of(image).outputFormat("jpg").outputQuality(quality);
            if (width < image.getWidth()) {
                builder.width(width);
            } else {
                builder.scale(1.0);
            }
            builder.toOutputStream(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** JPEG has no transparency: a transparent PNG or GIF is laid on white. */
    private static BufferedImage flatten(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return image;
        }
        BufferedImage opaque = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = opaque.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return opaque;
    }

    /** Reads the image's size from its header and refuses what is no image or has too many pixels. */
    private static void checkPixels(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IllegalArgumentException("文件内容不是图片，微博只支持JPG、PNG、GIF图片");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new IllegalArgumentException("图片像素过多（" + reader.getWidth(0) + "×" + reader.getHeight(0)
                            + "）");
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("图片无法解码，微博只支持JPG、PNG、GIF图片", e);
        }
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
