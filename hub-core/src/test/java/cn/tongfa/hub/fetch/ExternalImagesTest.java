package cn.tongfa.hub.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import cn.tongfa.hub.HubSettings;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.support.CountingListener;
import cn.tongfa.hub.web.ApiException;

class ExternalImagesTest {

    private static final HubUser EDITOR = new HubUser("editor", "demo", Set.of("EDITOR"));
    private static final HubSettings HUB = new HubSettings(List.of("api"), ZoneId.of("Asia/Shanghai"),
            "https://hub.example.gov.cn", null);

    private final List<String> stored = new ArrayList<>();

    private ExternalImages images(ImageSink sink) {
        ImportSettings settings = new ImportSettings(List.of("127.0.0.2/32"), DataSize.ofKilobytes(64),
                Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2), 3);
        return new ExternalImages(new GuardedFetcher(settings), sink, settings, HUB);
    }

    private final ImageSink fake = (agency, user, image) -> {
        try {
            assertThat(Files.readAllBytes(image.file())).isEqualTo(GuardedFetcherTest.PNG);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        stored.add(agency + ":" + image.name());
        return "m" + stored.size();
    };

    @Test
    void externalImagesAreStoredAndRewrittenTheSameUrlFetchedOnce() throws Exception {
        try (CountingListener server = CountingListener.on("127.0.0.2", (socket, out) -> CountingListener.respond(out, "200 OK",
                "Content-Type: image/png\r\n", GuardedFetcherTest.PNG))) {
            String base = "http://127.0.0.2:" + server.port();
            String body = "<p>a</p><img src=\"" + base + "/a.png?x=1&amp;y=2\" alt=\"甲\" /><img src=\"" + base
                    + "/b.png\" /><img src=\"/media/own123\" /><img src=\"https://hub.example.gov.cn/media/own456?exp=1&amp;sig=2\" />"
                    + "<img src=\"" + base + "/a.png?x=1&amp;y=2\" />";

            String result = images(fake).importInto("demo", EDITOR, body);

            assertThat(result).isEqualTo("<p>a</p><img src=\"/media/m1\" alt=\"甲\" /><img src=\"/media/m2\" />"
                    + "<img src=\"/media/own123\" /><img src=\"/media/own456\" /><img src=\"/media/m1\" />");
            assertThat(stored).containsExactly("demo:a.png", "demo:b.png");
            assertThat(server.accepted()).isEqualTo(2);
        }
    }

    @Test
    void oneImageThatCannotBeImportedStoresNothingAndEachIsAFieldError() throws Exception {
        try (CountingListener good = CountingListener.on("127.0.0.2", (socket, out) -> CountingListener.respond(out, "200 OK",
                "Content-Type: image/png\r\n", GuardedFetcherTest.PNG));
                CountingListener loopback = CountingListener.onAll((socket, out) -> CountingListener.respond(out, "200 OK",
                        "Content-Type: image/png\r\n", GuardedFetcherTest.PNG))) {
            String body = "<img src=\"http://127.0.0.2:" + good.port() + "/a.png\" /><img src=\"http://127.1:"
                    + loopback.port() + "/b.png\" /><img src=\"//0x7f000001:" + loopback.port() + "/c.png\" />";

            ApiException refused = catchThrowableOfType(ApiException.class,
                    () -> images(fake).importInto("demo", EDITOR, body));

            assertThat(refused.fields()).extracting(ApiException.FieldProblem::field)
                    .containsExactly("bodyHtml", "bodyHtml");
            assertThat(refused.fields()).extracting(field -> (String) field.args()[0]).containsExactly(
                    "外部图片 http://127.1:" + loopback.port() + "/b.png 无法导入：地址指向内网或本机，不允许",
                    "外部图片 //0x7f000001:" + loopback.port() + "/c.png 无法导入：地址指向内网或本机，不允许");
            assertThat(stored).isEmpty();
            assertThat(loopback.accepted()).isZero();
        }
    }

    @Test
    void theLibrarysRefusalIsAFieldErrorToo() throws Exception {
        try (CountingListener good = CountingListener.on("127.0.0.2", (socket, out) -> CountingListener.respond(out, "200 OK",
                "Content-Type: image/png\r\n", GuardedFetcherTest.PNG))) {
            String url = "http://127.0.0.2:" + good.port() + "/a.png";
            ApiException refused = catchThrowableOfType(ApiException.class, () -> images(
                    (agency, user, image) -> {
                        throw FetchRefused.byLibrary(image.url(), "图片内容已损坏");
                    }).importInto("demo", EDITOR, "<img src=\"" + url + "\" />"));

            assertThat(refused.fields()).singleElement().satisfies(field -> assertThat(field.args()[0])
                    .isEqualTo("外部图片 " + url + " 无法导入：图片内容已损坏"));
        }
    }

    @Test
    void tooManyExternalImagesAreRefusedBeforeAnyFetch() throws Exception {
        try (CountingListener server = CountingListener.on("127.0.0.2", (socket, out) -> CountingListener.respond(out, "200 OK",
                "Content-Type: image/png\r\n", GuardedFetcherTest.PNG))) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                body.append("<img src=\"http://127.0.0.2:").append(server.port()).append('/').append(i)
                        .append(".png\" />");
            }
            ApiException refused = catchThrowableOfType(ApiException.class,
                    () -> images(fake).importInto("demo", EDITOR, body.toString()));

            assertThat(refused.fields()).singleElement().satisfies(field -> assertThat((String) field.args()[0])
                    .contains("4 张外部图片", "最多导入 3 张"));
            assertThat(server.accepted()).isZero();
        }
    }

    @Test
    void relativeAndOwnSourcesAreLeftAlone() {
        String body = "<p>无图</p><img src=\"images/a.png\" /><img src=\"/media/abc\" />";
        assertThat(images(fake).importInto("demo", EDITOR, body)).isEqualTo(body);
        assertThat(stored).isEmpty();
    }

    @Test
    void attributeEntitiesAreDecoded() {
        assertThat(ExternalImages.decode("http://a/b?x=1&amp;y=&#34;2&#34;&#x3d;&#61;")).isEqualTo(
                "http://a/b?x=1&y=\"2\"==");
    }
}
