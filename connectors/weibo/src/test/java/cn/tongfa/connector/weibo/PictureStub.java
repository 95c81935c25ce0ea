package cn.tongfa.connector.weibo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the pictures an item may point to, as the hub's media or a portal would: a PNG, a JPEG, a text file
 * named like an image, and a JPEG of 6 MB (Weibo takes less than 5 MB).
 */
@RestController
@RequestMapping("/pictures")
class PictureStub {

    static final byte[] PNG = image("png", Color.RED);
    static final byte[] JPG = image("jpg", Color.BLUE);
    static final byte[] BIG = big();

    @GetMapping("/{name}")
    ResponseEntity<byte[]> picture(@PathVariable String name) {
        return switch (name) {
            case "cover.png" -> ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(PNG);
            case "photo.jpg" -> ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG).body(JPG);
            case "notes.png" -> ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                    .body("这不是图片".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case "huge.jpg" -> ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG).body(BIG);
            default -> ResponseEntity.notFound().build();
        };
    }

    private static byte[] image(String format, Color colour) {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 64, 48);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] big() {
        byte[] bytes = Arrays.copyOf(JPG, 6 * 1024 * 1024);
        return bytes;
    }
}
