package cn.tongfa.connector.weibo;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.imageio.ImageIO;

import com.sun.net.httpserver.HttpServer;

import cn.tongfa.connector.api.ItemSnapshot;

/**
 * The hub's {@code /media/{id}} as a connector sees it, on a loopback port: each file at its public address, served
 * only through the signed one (as a draft's files are), and a log of every request that reached it, so that a test
 * can tell that an address outside the library was never asked for.
 */
final class HubMedia implements AutoCloseable {

    private record Stored(byte[] bytes, String contentType) {
    }

    private final HttpServer server;
    private final Map<String, Stored> files = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    HubMedia() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getQuery();
            requests.add(path);
            Stored stored = path.startsWith("/media/") ? files.get(path.substring("/media/".length())) : null;
            int status = stored == null ? 404 : query != null && query.contains("sig=") ? 200 : 403;
            byte[] body = status == 200 ? stored.bytes() : new byte[0];
            if (status == 200) {
                exchange.getResponseHeaders().add("Content-Type", stored.contentType());
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Stores a file as the media library would and answers it as an item event carries it. */
    ItemSnapshot.Media add(String name, byte[] bytes, String contentType) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        files.put(id, new Stored(bytes, contentType));
        String url = base() + "/media/" + id;
        return new ItemSnapshot.Media(id, name, url, url + "?exp=4102444800&sig=test", contentType, bytes.length,
                sha256(bytes), null, null);
    }

    /** The paths asked for so far, in order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    void clearRequests() {
        requests.clear();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A picture of the given size: a gradient with noise over {@code noisy} of its rows, so it compresses badly. */
    static byte[] picture(String format, int width, int height, double noisy) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(0x1E, 0x88, 0xE5), width, height, new Color(0xFF, 0xD5, 0x4F)));
        g.fillRect(0, 0, width, height);
        g.dispose();
        Random random = new Random(42);
        for (int y = 0; y < height * noisy; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A GIF of several frames of noise: an animation as heavy as a screen recording. */
    static byte[] animatedGif(int width, int height, int frames) {
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Random random = new Random(7);
        try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames; i++) {
                BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED);
                random.nextBytes(((java.awt.image.DataBufferByte) frame.getRaster().getDataBuffer()).getData());
                writer.writeToSequence(new javax.imageio.IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
