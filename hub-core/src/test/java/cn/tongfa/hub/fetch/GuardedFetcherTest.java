package cn.tongfa.hub.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

import cn.tongfa.hub.support.CountingListener;

/**
 * The fetcher against real sockets on this machine: a loopback listener that counts connections proves that a
 * refused address is never connected to, whatever its spelling.
 */
class GuardedFetcherTest {

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    private static final CountDownLatch NEVER = new CountDownLatch(1);

    @AfterAll
    static void release() {
        NEVER.countDown();
    }

    private static CountingListener loopback() throws Exception {
        return CountingListener.onAll((socket, out) -> CountingListener.respond(out, "200 OK", "Content-Type: image/png\r\n", PNG));
    }

    private static GuardedFetcher fetcher(List<String> allowed) {
        return new GuardedFetcher(new ImportSettings(allowed, DataSize.ofKilobytes(64), Duration.ofSeconds(2),
                Duration.ofMillis(500), Duration.ofSeconds(2), 20));
    }

    private static FetchRefused refusal(GuardedFetcher fetcher, String url) {
        return (FetchRefused) org.assertj.core.api.Assertions.catchThrowable(() -> fetcher.fetchImage(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:%d/a.png", "http://127.1:%d/a.png", "http://0x7f000001:%d/a.png",
            "http://0X7F.0.0.1:%d/a.png", "http://2130706433:%d/a.png", "http://0177.0.0.1:%d/a.png",
            "http://017700000001:%d/a.png", "http://127.0.0.1.:%d/a.png", "http://[::ffff:127.0.0.1]:%d/a.png",
            "http://[::ffff:7f00:1]:%d/a.png", "http://[::1]:%d/a.png", "http://[0:0:0:0:0:0:0:1]:%d/a.png",
            "http://[::127.0.0.1]:%d/a.png", "http://[64:ff9b::127.0.0.1]:%d/a.png",
            "http://[2002:7f00:1::]:%d/a.png", "http://localhost:%d/a.png", "http://LOCALHOST.:%d/a.png",
            "https://127.1:%d/a.png", "http://0:%d/a.png", "http://0.0.0.0:%d/a.png", "http://[::]:%d/a.png"})
    void everySpellingOfThisMachineIsRefusedWithoutAConnection(String spelling) throws Exception {
        try (CountingListener loopback = loopback()) {
            String url = spelling.formatted(loopback.port());
            FetchRefused refused = refusal(fetcher(List.of()), url);

            assertThat(refused).isNotNull();
            assertThat(refused.reason()).as(url).isEqualTo(FetchRefused.Reason.FORBIDDEN);
            assertThat(refused.getMessage()).isEqualTo("外部图片 " + url + " 无法导入：地址指向内网或本机，不允许");
            assertThat(loopback.accepted()).as("connections the listener saw").isZero();
        }
    }

    @Test
    void theListenerCountsConnectionsWhenTheyAreAllowed() throws Exception {
        // Shows that the spelling test could fail: the same listener, allowed, is reached.
        try (CountingListener loopback = loopback()) {
            try (FetchedImage image = fetcher(List.of("127.0.0.0/8", "::1/128")).fetchImage(
                    "http://127.1:" + loopback.port() + "/a.png")) {
                assertThat(image.contentType()).isEqualTo("image/png");
            }
            try (FetchedImage image = fetcher(List.of("127.0.0.0/8", "::1/128")).fetchImage(
                    "http://[::1]:" + loopback.port() + "/a.png")) {
                assertThat(image.contentType()).isEqualTo("image/png");
            }
            assertThat(loopback.accepted()).isEqualTo(2);
        }
    }

    @Test
    void aRedirectFromAnAllowedHostToAForbiddenOneIsRefusedAtTheHop() throws Exception {
        try (CountingListener forbidden = CountingListener.on("127.0.0.1", (socket, out) -> CountingListener.respond(out, "200 OK",
                "Content-Type: image/png\r\n", PNG))) {
            try (CountingListener allowed = CountingListener.on("127.0.0.2", (socket, out) -> CountingListener.respond(out, "302 Found",
                    "Location: http://127.0.0.1:" + forbidden.port() + "/b.png\r\n", new byte[0]))) {
                String url = "http://127.0.0.2:" + allowed.port() + "/a.png";
                FetchRefused refused = refusal(fetcher(List.of("127.0.0.2/32")), url);

                assertThat(refused.reason()).isEqualTo(FetchRefused.Reason.FORBIDDEN);
                assertThat(refused.getMessage()).isEqualTo("外部图片 " + url + " 无法导入：地址指向内网或本机，不允许");
                assertThat(allowed.accepted()).isEqualTo(1);
                assertThat(forbidden.accepted()).isZero();
            }
        }
    }

    @Test
    void aRelativeRedirectOnAnAllowedHostIsFollowed() throws Exception {
        try (CountingListener allowed = CountingListener.on("127.0.0.2", new RedirectThenImage("/real/b.png"))) {
            try (FetchedImage image = fetcher(List.of("127.0.0.2/32")).fetchImage(
                    "http://127.0.0.2:" + allowed.port() + "/a")) {
                assertThat(image.name()).isEqualTo("b.png");
                assertThat(Files.readAllBytes(image.file())).isEqualTo(PNG);
            }
            assertThat(allowed.accepted()).isEqualTo(2);
        }
    }

    @Test
    void aRedirectToAnotherSchemeIsRefused() throws Exception {
        try (CountingListener allowed = CountingListener.on("127.0.0.2", (socket, out) -> CountingListener.respond(out, "301 Moved",
                "Location: file:///etc/passwd\r\n", new byte[0]))) {
            FetchRefused refused = refusal(fetcher(List.of("127.0.0.2/32")),
                    "http://127.0.0.2:" + allowed.port() + "/a.png");
            assertThat(refused.reason()).isEqualTo(FetchRefused.Reason.SCHEME);
        }
    }

    @Test
    void moreThanFiveRedirectsAreRefused() throws Exception {
        try (CountingListener loop = CountingListener.on("127.0.0.2", (socket, out) -> CountingListener.respond(out, "302 Found",
                "Location: /again\r\n", new byte[0]))) {
            FetchRefused refused = refusal(fetcher(List.of("127.0.0.2/32")),
                    "http://127.0.0.2:" + loop.port() + "/a.png");
            assertThat(refused.reason()).isEqualTo(FetchRefused.Reason.TOO_MANY_REDIRECTS);
            assertThat(loop.accepted()).isEqualTo(1 + ImportSettings.MAX_REDIRECTS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.2/a.png", "file:///etc/passwd", "gopher://127.0.0.2:70/_GET",
            "jar:http://127.0.0.2/a.jar!/a.png", "//127.0.0.2/a.png", "data:image/png;base64,iVBORw0KGgo="})
    void otherSchemesAreRefused(String url) {
        FetchRefused refused = refusal(fetcher(List.of("127.0.0.2/32")), url);
        assertThat(refused.reason()).isIn(FetchRefused.Reason.SCHEME, FetchRefused.Reason.MALFORMED);
        assertThat(refused.getMessage()).startsWith("外部图片 " + url + " 无法导入：");
    }

    @Test
    void aBodyLargerThanTheCapIsCutOff() throws Exception {
        // Endless and without a length: only a reader that stops at the cap gets an answer before the deadline.
        try (CountingListener endless = CountingListener.on("127.0.0.2", (socket, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(PNG);
            byte[] chunk = new byte[8192];
            while (true) {
                out.write(chunk);
            }
        })) {
            FetchRefused refused = refusal(fetcher(List.of("127.0.0.2/32")),
                    "http://127.0.0.2:" + endless.port() + "/big.png");
            assertThat(refused.reason()).isEqualTo(FetchRefused.Reason.TOO_LARGE);
            assertThat(refused.getMessage()).endsWith("：超过 64KB");
        }
    }

    @Test
    void aDeclaredLengthOverTheCapIsRefusedUnread() throws Exception {
        try (CountingListener big = CountingListener.on("127.0.0.2", (socket, out) -> CountingListener.respond(out, "200 OK",
                "Content-Type: image/png\r\n", new byte[65 * 1024]))) {
            FetchRefused refused = refusal(fetcher(List.of("127.0.0.2/32")),
                    "http://127.0.0.2:" + big.port() + "/big.png");
            assertThat(refused.reason()).isEqualTo(FetchRefused.Reason.TOO_LARGE);
        }
    }

    @Test
    void aServerThatNeverAnswersHitsTheTimeCap() throws Exception {
        try (CountingListener silent = CountingListener.on("127.0.0.2", (socket, out) -> NEVER.await())) {
            String url = "http://127.0.0.2:" + silent.port() + "/a.png";
            FetchRefused refused = refusal(fetcher(List.of("127.0.0.2/32")), url);
            assertThat(refused.reason()).isEqualTo(FetchRefused.Reason.TIMEOUT);
            assertThat(refused.getMessage()).isEqualTo("外部图片 " + url + " 无法导入：对方未在规定时间内返回");
        }
    }

    @Test
    void aServerThatDripsBytesHitsTheWholeFetchCap() throws Exception {
        // Each byte comes well within the read timeout; only the cap on the whole fetch stops this.
        try (CountingListener drip = CountingListener.on("127.0.0.2", (socket, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(PNG);
            out.flush();
            while (!NEVER.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                out.write(0);
                out.flush();
            }
        })) {
            GuardedFetcher fetcher = new GuardedFetcher(new ImportSettings(List.of("127.0.0.2/32"),
                    DataSize.ofKilobytes(64), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1),
                    20));
            FetchRefused refused = refusal(fetcher, "http://127.0.0.2:" + drip.port() + "/a.png");
            assertThat(refused.reason()).isEqualTo(FetchRefused.Reason.TIMEOUT);
        }
    }

    @Test
    void whatTheFarSideAnsweredIsNotInTheMessage() throws Exception {
        byte[] secret = "<html>INTERNAL-ADMIN-PANEL root:x:0:0</html>".getBytes(StandardCharsets.UTF_8);
        try (CountingListener notFound = CountingListener.on("127.0.0.2", (socket, out) -> CountingListener.respond(out, "404 SECRET-REASON",
                "Server: Secret-Server/1.0\r\nContent-Type: text/html\r\n", secret));
                CountingListener page = CountingListener.on("127.0.0.2", (socket, out) -> CountingListener.respond(out, "200 OK",
                        "Server: Secret-Server/1.0\r\nContent-Type: text/html\r\n", secret));
                CountingListener disguised = CountingListener.on("127.0.0.2", (socket, out) -> CountingListener.respond(out, "200 OK",
                        "Server: Secret-Server/1.0\r\nContent-Type: image/png\r\n", secret))) {
            GuardedFetcher fetcher = fetcher(List.of("127.0.0.2/32"));
            FetchRefused missing = refusal(fetcher, "http://127.0.0.2:" + notFound.port() + "/a.png");
            FetchRefused html = refusal(fetcher, "http://127.0.0.2:" + page.port() + "/a.png");
            FetchRefused fake = refusal(fetcher, "http://127.0.0.2:" + disguised.port() + "/a.png");

            assertThat(missing.reason()).isEqualTo(FetchRefused.Reason.NO_IMAGE);
            assertThat(html.reason()).isEqualTo(FetchRefused.Reason.NOT_IMAGE);
            assertThat(fake.reason()).isEqualTo(FetchRefused.Reason.NOT_IMAGE);
            assertThat(fake.getMessage()).endsWith("：不是图片");
            for (FetchRefused refused : List.of(missing, html, fake)) {
                assertThat(refused.getMessage()).doesNotContain("SECRET", "Secret", "INTERNAL", "root", "404");
            }
        }
    }

    @Test
    void anImageThroughTheAllowList() throws Exception {
        try (CountingListener intranet = CountingListener.on("127.0.0.2", (socket, out) -> CountingListener.respond(out, "200 OK",
                "Content-Type: image/png\r\n", PNG))) {
            FetchedImage image = fetcher(List.of("127.0.0.2/32")).fetchImage(
                    "http://127.0.0.2:" + intranet.port() + "/images/%E5%9B%BE.png?x=1");
            try (image) {
                assertThat(image.contentType()).isEqualTo("image/png");
                assertThat(image.size()).isEqualTo(PNG.length);
                assertThat(image.name()).isEqualTo("图.png");
                assertThat(Files.readAllBytes(image.file())).isEqualTo(PNG);
            }
            assertThat(image.file()).doesNotExist();
        }
    }

    @Test
    void theAllowListOpensOnlyItsOwnBlock() throws Exception {
        try (CountingListener other = CountingListener.on("127.0.0.3", (socket, out) -> CountingListener.respond(out, "200 OK",
                "Content-Type: image/png\r\n", PNG))) {
            FetchRefused refused = refusal(fetcher(List.of("127.0.0.2/32")),
                    "http://127.0.0.3:" + other.port() + "/a.png");
            assertThat(refused.reason()).isEqualTo(FetchRefused.Reason.FORBIDDEN);
            assertThat(other.accepted()).isZero();
        }
    }

    @Test
    void aMalformedAllowListEntryIsNamed() {
        assertThatThrownBy(() -> ImportSettings.defaults(List.of("10.0.0.0/8", "intranet.example")))
                .hasMessageContaining("intranet.example");
        assertThatThrownBy(() -> ImportSettings.defaults(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
    }

    /** Answers the first request with a relative redirect and the second with the image. */
    private static final class RedirectThenImage implements CountingListener.Answer {

        private final String location;
        private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        RedirectThenImage(String location) {
            this.location = location;
        }

        @Override
        public void write(java.net.Socket socket, OutputStream out) throws Exception {
            if (calls.getAndIncrement() == 0) {
                CountingListener.respond(out, "302 Found", "Location: " + location + "\r\n", new byte[0]);
            } else {
                CountingListener.respond(out, "200 OK", "Content-Type: image/png\r\n", PNG);
            }
        }
    }
}
