package cn.tongfa.connector.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/** {@link MediaDownload#copyTo} against a loopback server answering as the hub's {@code GET /media/{id}} would. */
class MediaDownloadTest {

    private static final int LARGE = 50 * 1024 * 1024;

    @TempDir
    Path dir;

    private HttpServer hub;
    private final MediaDownload download = new MediaDownload(Duration.ofSeconds(10));

    @BeforeEach
    void startHub() throws IOException {
        hub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hub.createContext("/media/small", exchange -> {
            byte[] bytes = "%PDF-1.7 small".getBytes();
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        // Chunked, without Content-Length: only the bytes read can tell how large it is.
        hub.createContext("/media/large", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] block = block();
                for (int i = 0; i < LARGE / block.length; i++) {
                    out.write(block);
                }
            }
        });
        hub.createContext("/media/gone", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        hub.createContext("/media/busy", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        hub.start();
    }

    @AfterEach
    void stopHub() {
        hub.stop(0);
    }

    @Test
    void copiesAFileOfFiftyMegabytesStreamingAndChecksItsDigest() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] block = block();
        for (int i = 0; i < LARGE / block.length; i++) {
            sha.update(block);
        }
        String digest = HexFormat.of().formatHex(sha.digest());
        Path target = dir.resolve("files/large.pdf");

        MediaDownload.Copied copied = download.copyTo(media("large", LARGE, digest), target, LARGE);

        assertThat(copied).isEqualTo(new MediaDownload.Copied(LARGE, digest));
        assertThat(Files.size(target)).isEqualTo(LARGE);
        assertNoTemporaryFiles(target.getParent());
    }

    @Test
    void aCopyThatDoesNotMatchTheStatedDigestOrSizeIsRetriableAndLeavesNothing() throws Exception {
        Path target = dir.resolve("small.pdf");

        assertThatThrownBy(() -> download.copyTo(media("small", 14, "0".repeat(64)), target, 1024))
                .isInstanceOf(RetriableDeliveryException.class).hasMessageContaining("SHA-256");
        assertThatThrownBy(() -> download.copyTo(media("small", 15, null), target, 1024))
                .isInstanceOf(RetriableDeliveryException.class).hasMessageContaining("14");
        assertThat(target).doesNotExist();
        assertNoTemporaryFiles(dir);

        assertThat(download.copyTo(media("small", 14, null), target, 1024).size()).isEqualTo(14);
        assertThat(Files.readString(target)).isEqualTo("%PDF-1.7 small");
    }

    @Test
    void aFileOverTheLimitIsPermanentWhetherDeclaredOrNot() throws IOException {
        assertThatThrownBy(() -> download.copyTo(media("small", 0, null), dir.resolve("a"), 10))
                .isInstanceOf(PermanentDeliveryException.class).hasMessageContaining("10 字节");
        assertThatThrownBy(() -> download.copyTo(media("large", 0, null), dir.resolve("b"), 1024 * 1024))
                .isInstanceOf(PermanentDeliveryException.class);
        assertThat(dir.resolve("a")).doesNotExist();
        assertThat(dir.resolve("b")).doesNotExist();
        assertNoTemporaryFiles(dir);
    }

    @Test
    void theHubRefusingIsPermanentItsFailingOrBeingDownIsRetriable() throws Exception {
        assertThatThrownBy(() -> download.copyTo(media("gone", 0, null), dir.resolve("a"), 1024))
                .isInstanceOf(PermanentDeliveryException.class).hasMessageContaining("HTTP 404")
                .hasMessageContaining("枢纽拒绝提供媒体文件");
        assertThatThrownBy(() -> download.copyTo(media("busy", 0, null), dir.resolve("a"), 1024))
                .isInstanceOf(RetriableDeliveryException.class).hasMessageContaining("HTTP 503");
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        ItemSnapshot.Media down = new ItemSnapshot.Media("down", "x.pdf", "http://127.0.0.1:" + closed + "/media/down",
                "application/pdf", 0);
        assertThatThrownBy(() -> download.copyTo(down, dir.resolve("a"), 1024))
                .isInstanceOf(RetriableDeliveryException.class);
        assertThat(dir.resolve("a")).doesNotExist();
    }

    private ItemSnapshot.Media media(String id, long size, String sha256) {
        String url = "http://127.0.0.1:" + hub.getAddress().getPort() + "/media/" + id;
        return new ItemSnapshot.Media(id, id + ".pdf", url, url + "?exp=1&sig=x", "application/pdf", size, sha256,
                null, null);
    }

    private static byte[] block() {
        byte[] block = new byte[64 * 1024];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) (i * 31);
        }
        return block;
    }

    private static void assertNoTemporaryFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }
}
