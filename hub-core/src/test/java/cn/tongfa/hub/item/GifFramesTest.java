package cn.tongfa.hub.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.Test;

class GifFramesTest {

    private static byte[] gif(int frames) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames; i++) {
                BufferedImage frame = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
                frame.setRGB(i, i, 0xff0000);
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    @Test
    void oneFrameIsStillTwoAreAnAnimation() throws IOException {
        assertThat(GifFrames.isAnimated(new ByteArrayInputStream(gif(1)))).isFalse();
        assertThat(GifFrames.isAnimated(new ByteArrayInputStream(gif(2)))).isTrue();
        assertThat(GifFrames.isAnimated(new ByteArrayInputStream(gif(5)))).isTrue();
    }

    @Test
    void notAGifOrTruncatedIsNotAnimated() throws IOException {
        byte[] two = gif(2);
        assertThat(GifFrames.isAnimated(new ByteArrayInputStream(Arrays.copyOf(two, 40)))).isFalse();
        assertThat(GifFrames.isAnimated(new ByteArrayInputStream(new byte[] {(byte) 0x89, 'P', 'N', 'G'})))
                .isFalse();
        assertThat(GifFrames.isAnimated(new ByteArrayInputStream(new byte[0]))).isFalse();
    }
}
