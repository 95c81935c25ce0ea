package cn.tongfa.connector.api.testing;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
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

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import com.sun.net.httpserver.HttpServer;

import cn.tongfa.connector.api.ItemSnapshot;

/**
 * The hub's {@code GET /media/{id}} as a connector sees it, on a loopback port, for the channel modules' tests
 * (published in connector-api's test-jar). Each file is served at its public address only through the signed one
 * (as a draft's files are: unsigned is 403, unknown is 404), a test can make an id answer another status, and
 * every request that reaches the server is logged, also for paths it does not know, so that a test can tell that
 * an address outside the library was never asked for.
 */
public final class HubMedia implements AutoCloseable {

    private record Stored(byte[] bytes, String contentType) {
    }

    private final HttpServer server;
    private final Map<String, Stored> files = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public HubMedia() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getQuery();
            requests.add(path);
            String id = path.startsWith("/media/") ? path.substring("/media/".length()) : null;
            Integer answer = id == null ? null : statuses.get(id);
            Stored stored = id == null ? null : files.get(id);
            int status = answer != null ? answer
                    : stored == null ? 404 : query != null && query.contains("sig=") ? 200 : 403;
            boolean serve = answer == null && status == 200;
            byte[] body = serve ? stored.bytes() : new byte[0];
            if (serve) {
                exchange.getResponseHeaders().add("Content-Type", stored.contentType());
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /**
     * Stores a file under a new id as the media library would and answers it as an item event carries it (no
     * width and height: the connector must read the image's own).
     */
    public ItemSnapshot.Media add(String name, byte[] bytes, String contentType) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        files.put(id, new Stored(bytes, contentType));
        String url = url(id);
        return new ItemSnapshot.Media(id, name, url, url + "?exp=4102444800&sig=test", contentType, bytes.length,
                sha256(bytes), null, null);
    }

    /**
     * Stores a file under the given id and answers it as an item event carries it: public URL, signed fetch URL,
     * size, digest, and for an image the 640×272 the library would have measured.
     */
    public ItemSnapshot.Media media(String id, String name, String contentType, byte[] content) {
        files.put(id, new Stored(content, contentType));
        String url = url(id);
        boolean image = contentType.startsWith("image/");
        return new ItemSnapshot.Media(id, name, url, url + "?exp=1893456000&sig=test", contentType, content.length,
                sha256(content), image ? 640 : null, image ? 272 : null);
    }

    /** From now on, every request for this id is answered with this status and no body. */
    public void answer(String id, int status) {
        statuses.put(id, status);
    }

    /** The bytes served for an id. */
    public byte[] content(String id) {
        return files.get(id).bytes().clone();
    }

    /** The paths asked for so far, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** How often one path, e.g. {@code /media/m1}, was asked for. */
    public int requests(String path) {
        return (int) requests.stream().filter(path::equals).count();
    }

    public void clearRequests() {
        requests.clear();
    }

    /** The server's address, e.g. {@code http://127.0.0.1:40123}. */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The public address of a media file: what the body's {@code <img src>} and the event's {@code url} carry. */
    public String url(String id) {
        return base() + "/media/" + id;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A picture of the given size: a gradient with noise over {@code noisy} of its rows, so it compresses badly. */
    public static byte[] picture(String format, int width, int height, double noisy) {
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
    public static byte[] animatedGif(int width, int height, int frames) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Random random = new Random(7);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames; i++) {
                BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED);
                random.nextBytes(((DataBufferByte) frame.getRaster().getDataBuffer()).getData());
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
