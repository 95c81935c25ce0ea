package cn.tongfa.connector.portal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import cn.tongfa.connector.api.ItemSnapshot;

/**
 * The hub's {@code GET /media/{id}} as a loopback server: serves the bytes of the media a test registers, answers a
 * status a test sets for an id, and counts the requests for each path (also for paths it does not know).
 */
final class HubMedia implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> bytes = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    HubMedia() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            String id = path.startsWith("/media/") ? path.substring("/media/".length()) : "";
            Integer status = statuses.get(id);
            byte[] body = bytes.get(id);
            if (status != null || body == null) {
                exchange.sendResponseHeaders(status != null ? status : 404, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Registers a file and answers it as the event carries it: public URL, signed fetch URL, size, digest. */
    ItemSnapshot.Media media(String id, String name, String contentType, byte[] content) {
        bytes.put(id, content);
        String url = url(id);
        return new ItemSnapshot.Media(id, name, url, url + "?exp=1893456000&sig=test", contentType, content.length,
                sha256(content), contentType.startsWith("image/") ? 640 : null,
                contentType.startsWith("image/") ? 272 : null);
    }

    /** The public address of a media file: what the body's {@code <img src>} and the event's {@code url} carry. */
    String url(String id) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/media/" + id;
    }

    /** The bytes served for an id. */
    byte[] content(String id) {
        return bytes.get(id).clone();
    }

    void answer(String id, int status) {
        statuses.put(id, status);
    }

    /** Requests for one path, e.g. {@code /media/m1}. */
    int requests(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    int requests() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
