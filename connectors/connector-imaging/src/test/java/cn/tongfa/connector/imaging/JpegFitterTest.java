package cn.tongfa.connector.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class JpegFitterTest {

    private final JpegFitter fitter = new JpegFitter(1_000_000, 100, 0.85f, 0.6f);

    @Test
    void readsTheSizeFromTheHeader() throws Exception {
        assertThat(fitter.size(encode(opaque(320, 200, 0), "png"))).isEqualTo(new JpegFitter.Size(320, 200));
        assertThat(fitter.size(encode(opaque(64, 48, 0), "gif"))).isEqualTo(new JpegFitter.Size(64, 48));
    }

    @Test
    void refusesWhatIsNoImage() {
        byte[] pdf = "%PDF-1.7 not a picture".getBytes();
        JpegFitter.Refused refused = catchThrowableOfType(JpegFitter.Refused.class, () -> fitter.fit(pdf, 800, 1 << 20));
        assertThat(refused.reason()).isEqualTo(JpegFitter.Reason.NOT_AN_IMAGE);
    }

    @Test
    void refusesTooManyPixelsBeforeDecodingAndSaysHowMany() {
        byte[] png = encode(opaque(2000, 600, 0), "png");
        JpegFitter.Refused refused = catchThrowableOfType(JpegFitter.Refused.class, () -> fitter.decode(png));
        assertThat(refused.reason()).isEqualTo(JpegFitter.Reason.TOO_MANY_PIXELS);
        assertThat(refused.width()).isEqualTo(2000);
        assertThat(refused.height()).isEqualTo(600);
    }

    @Test
    void refusesAnImageWhoseHeaderReadsButWhosePixelsDoNot() {
        byte[] png = encode(opaque(300, 200, 1.0), "png");
        byte[] truncated = Arrays.copyOf(png, 60);
        JpegFitter.Refused refused = catchThrowableOfType(JpegFitter.Refused.class, () -> fitter.decode(truncated));
        assertThat(refused.reason()).isEqualTo(JpegFitter.Reason.UNDECODABLE);
        assertThat(refused.getCause()).isNotNull();
    }

    @Test
    void makesAWideImageAJpegNoWiderThanAskedAspectRatioKept() throws Exception {
        byte[] jpeg = fitter.fit(encode(opaque(1200, 600, 0), "png"), 800, 1 << 20);
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(jpeg[0] & 0xff).isEqualTo(0xff);
        assertThat(jpeg[1] & 0xff).isEqualTo(0xd8);
        assertThat(out.getWidth()).isEqualTo(800);
        assertThat(out.getHeight()).isEqualTo(400);
    }

    @Test
    void neverMakesAnImageWider() throws Exception {
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(fitter.fit(encode(opaque(300, 150, 0), "png"), 800,
                1 << 20)));
        assertThat(out.getWidth()).isEqualTo(300);
    }

    @Test
    void laysTransparencyOnWhite() throws Exception {
        BufferedImage transparent = new BufferedImage(200, 100, BufferedImage.TYPE_INT_ARGB);
        for (int x = 100; x < 200; x++) {
            for (int y = 0; y < 100; y++) {
                transparent.setRGB(x, y, 0xff1e88e5);
            }
        }
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(fitter.fit(encode(transparent, "png"), 800,
                1 << 20)));
        assertThat(near(out.getRGB(20, 50), 0xffffff)).as("the transparent half is white").isTrue();
        assertThat(near(out.getRGB(180, 50), 0x1e88e5)).as("the opaque half keeps its colour").isTrue();
    }

    @Test
    void stepsQualityThenWidthDownUntilTheBytesFit() throws Exception {
        byte[] noisy = encode(opaque(1200, 800, 1.0), "png");
        byte[] atFullWidth = fitter.fit(noisy, 1200, Long.MAX_VALUE);
        int limit = atFullWidth.length / 3;

        byte[] jpeg = fitter.fit(noisy, 1200, limit);

        assertThat(jpeg.length).isLessThanOrEqualTo(limit);
        int width = ImageIO.read(new ByteArrayInputStream(jpeg)).getWidth();
        assertThat(width).isLessThan(1200).isGreaterThanOrEqualTo(100);
    }

    @Test
    void refusesWhatStaysTooLargeAtTheSmallestWidth() {
        byte[] noisy = encode(opaque(400, 300, 1.0), "png");
        JpegFitter.Refused refused = catchThrowableOfType(JpegFitter.Refused.class, () -> fitter.fit(noisy, 400, 500));
        assertThat(refused.reason()).isEqualTo(JpegFitter.Reason.TOO_LARGE);
    }

    @Test
    void turnsAPhotoUprightAsItsExifOrientationSays() throws Exception {
        // Orientation 6: the camera was turned a quarter clockwise; the stored 80×40 picture is shown 40×80.
        byte[] rotated = withExifOrientation(encode(opaque(80, 40, 0), "jpg"), 6);
        assertThat(fitter.size(rotated)).as("the header gives the stored size").isEqualTo(new JpegFitter.Size(80, 40));

        BufferedImage upright = fitter.decode(rotated);

        assertThat(upright.getWidth()).isEqualTo(40);
        assertThat(upright.getHeight()).isEqualTo(80);
    }

    @Test
    void refusesNonsensicalTuning() {
        assertThatThrownBy(() -> new JpegFitter(1000, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JpegFitter(0, 100, 0.8f)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A picture in two colours, with random noise over {@code noisy} of its rows (so it compresses badly). */
    private static BufferedImage opaque(int width, int height, double noisy) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(11);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = y < height * noisy ? random.nextInt(0x1000000) : x < width / 2 ? 0xb71c1c : 0xffd54f;
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The JPEG with an APP1 Exif segment holding one IFD entry: Orientation (0x0112) = {@code orientation}. */
    private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {
            'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, first IFD at offset 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // Orientation, SHORT, count 1, value
            0, 0, 0, 0 // no next IFD
        };
        byte[] exif = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + exif.length + tiff.length;
        // After SOI and ImageIO's JFIF APP0, where cameras put it.
        int at = (jpeg[3] & 0xff) == 0xe0 ? 4 + ((jpeg[4] & 0xff) << 8 | jpeg[5] & 0xff) : 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, at);
        out.write(0xff);
        out.write(0xe1);
        out.write(length >> 8);
        out.write(length & 0xff);
        out.write(exif, 0, exif.length);
        out.write(tiff, 0, tiff.length);
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }

    private static boolean near(int argb, int rgb) {
        Color a = new Color(argb);
        Color b = new Color(rgb);
        return Math.abs(a.getRed() - b.getRed()) < 24 && Math.abs(a.getGreen() - b.getGreen()) < 24
                && Math.abs(a.getBlue() - b.getBlue()) < 24;
    }
}
