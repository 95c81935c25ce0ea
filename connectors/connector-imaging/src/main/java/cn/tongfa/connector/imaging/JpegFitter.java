package cn.tongfa.connector.imaging;

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
 * Makes an image fit a channel's upload limits as a JPEG: reads its size from the header (refusing images with too
 * many pixels before anything is decoded), decodes it upright as its EXIF orientation says (an animation keeps its
 * first frame), lays it on white (JPEG has no transparency) and encodes it at most so wide and so large, trying
 * the lower qualities first and then, while the picture stays recognisable, smaller widths.
 *
 * <p>The channel decides what to send as it is and what to fit, and says why in its own words: refusals are a
 * {@link Refused} with a neutral {@link Reason}, which each channel maps to its own message and failure. One fitter
 * holds a channel's tuning (pixel limit, smallest width, qualities) and is safe to share between threads.
 */
public final class JpegFitter {

    /** Why an image cannot be fitted. */
    public enum Reason {
        /** No image reader recognises the bytes. */
        NOT_AN_IMAGE,
        /** A reader recognises the bytes but cannot read the image's size from them. */
        UNREADABLE_HEADER,
        /** The header reads, but the image does not decode. */
        UNDECODABLE,
        /** More pixels than the fitter's limit; {@link Refused#width()} and {@link Refused#height()} say how many. */
        TOO_MANY_PIXELS,
        /** Even at the smallest width and lowest quality the JPEG exceeds the byte limit. */
        TOO_LARGE
    }

    /** An image that cannot be fitted; the cause, when there is one, is what the image library threw. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        private final Reason reason;
        private final int width;
        private final int height;

        Refused(Reason reason, int width, int height, Throwable cause) {
            super(reason + (width > 0 ? " (" + width + "×" + height + ")" : ""), cause);
            this.reason = reason;
            this.width = width;
            this.height = height;
        }

        public Reason reason() {
            return reason;
        }

        /** The image's width when its header was read, else 0. */
        public int width() {
            return width;
        }

        /** The image's height when its header was read, else 0. */
        public int height() {
            return height;
        }
    }

    /** An image's size as its header gives it. */
    public record Size(int width, int height) {
    }

    private final long maxPixels;
    private final int minWidth;
    private final float[] qualities;

    /**
     * @param maxPixels images with more pixels are refused before decoding: a small file can unpack to gigabytes
     * @param minWidth  images are not made narrower than this to fit (an image already narrower keeps its width)
     * @param qualities the JPEG qualities tried at each width, best first
     */
    public JpegFitter(long maxPixels, int minWidth, float... qualities) {
        if (maxPixels <= 0 || minWidth <= 0 || qualities.length == 0) {
            throw new IllegalArgumentException("maxPixels and minWidth must be positive, and a quality given");
        }
        this.maxPixels = maxPixels;
        this.minWidth = minWidth;
        this.qualities = qualities.clone();
    }

    /**
     * The image's size, read from its header without decoding it.
     *
     * @throws Refused {@link Reason#NOT_AN_IMAGE}, {@link Reason#UNREADABLE_HEADER} or
     *                 {@link Reason#TOO_MANY_PIXELS}
     */
    public Size size(byte[] bytes) throws Refused {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new Refused(Reason.NOT_AN_IMAGE, 0, 0, null);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > maxPixels) {
                    throw new Refused(Reason.TOO_MANY_PIXELS, width, height, null);
                }
                return new Size(width, height);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new Refused(Reason.UNREADABLE_HEADER, 0, 0, e);
        }
    }

    /**
     * The image decoded (its first frame), upright as its EXIF orientation says; its size is checked first.
     *
     * @throws Refused as {@link #size(byte[])}, or {@link Reason#UNDECODABLE}
     */
    public BufferedImage decode(byte[] bytes) throws Refused {
        size(bytes);
        try {
            return Thumbnails.of(new ByteArrayInputStream(bytes)).scale(1.0).useExifOrientation(true)
                    .asBufferedImage();
        } catch (IOException | RuntimeException e) {
            throw new Refused(Reason.UNDECODABLE, 0, 0, e);
        }
    }

    /**
     * The bytes decoded and encoded as a JPEG of at most {@code maxWidth} pixels and {@code maxBytes} bytes.
     *
     * @throws Refused as {@link #decode(byte[])}, or {@link Reason#TOO_LARGE}
     */
    public byte[] fit(byte[] bytes, int maxWidth, long maxBytes) throws Refused {
        return toJpeg(decode(bytes), maxWidth, maxBytes);
    }

    /**
     * The image encoded as a JPEG of at most {@code maxWidth} pixels and {@code maxBytes} bytes, laid on white
     * first: the qualities in turn at each width, then three quarters of the width, down to the smallest width.
     *
     * @throws Refused {@link Reason#TOO_LARGE} when even the smallest width at the lowest quality is too large
     */
    public byte[] toJpeg(BufferedImage image, int maxWidth, long maxBytes) throws Refused {
        BufferedImage opaque = flatten(image);
        int width = Math.min(opaque.getWidth(), maxWidth);
        while (true) {
            for (float quality : qualities) {
                byte[] jpeg = encode(opaque, width, quality);
                if (jpeg.length <= maxBytes) {
                    return jpeg;
                }
            }
            if (width <= minWidth) {
                throw new Refused(Reason.TOO_LARGE, 0, 0, null);
            }
            width = Math.max(minWidth, width * 3 / 4);
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
            // Written to memory: an IOException here is a bug, not a bad image.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A transparent PNG or GIF is laid on white, as an article page or a timeline shows it. */
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
}
