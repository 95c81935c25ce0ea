package cn.tongfa.hub.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ContentConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ContentConfiguration.class);

    private static ContentInput body(String html) {
        return new ContentInput("通知", null, html, List.of("portal"), null, false, 60);
    }

    @Test
    void byDefaultThereAreNoSensitiveWordsAndNoIframes() {
        runner.run(context -> {
            ContentCheck check = context.getBean(ContentCheck.class);
            assertThat(check.check(body("<p>法轮功</p>")).problems()).isEmpty();
            assertThat(check.sanitize("<iframe src=\"https://v.example.cn/1\"></iframe>").html()).isEmpty();
        });
    }

    @Test
    void wordsComeFromTheListAndTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("words.txt");
        Files.writeString(file, "\ufeff# 注释行\n\n  赌博网站  \n", StandardCharsets.UTF_8);
        runner.withPropertyValues("tongfa.content.sensitive-words[0]=法轮功",
                "tongfa.content.sensitive-words-file=" + file,
                "tongfa.content.iframe-hosts=V.Example.cn, player.example.cn").run(context -> {
                    ContentCheck check = context.getBean(ContentCheck.class);
                    assertThat(check.check(body("<p>法轮功与赌博网站，注释行</p>")).problems())
                            .extracting(ContentProblem::message)
                            .containsExactly("正文第1个字符处含敏感词“法轮功”，请删除或改写",
                                    "正文第5个字符处含敏感词“赌博网站”，请删除或改写");
                    assertThat(check.sanitize("<iframe src=\"https://v.example.cn/1\"></iframe>").changed()).isFalse();
                });
    }

    @Test
    void aMissingWordFileStopsTheStartNamingTheKey() {
        runner.withPropertyValues("tongfa.content.sensitive-words-file=/nonexistent/words.txt").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("tongfa.content.sensitive-words-file");
        });
    }

    @Test
    void aWordFileThatIsNotUtf8StopsTheStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gbk.txt");
        Files.write(file, "法轮功".getBytes("GBK"));
        runner.withPropertyValues("tongfa.content.sensitive-words-file=" + file).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasMessageContaining("tongfa.content.sensitive-words-file")
                    .hasMessageContaining("not UTF-8");
        });
    }

    @Test
    void anIframeHostWithASchemeStopsTheStartNamingTheKey() {
        runner.withPropertyValues("tongfa.content.iframe-hosts[0]=player.example.cn",
                "tongfa.content.iframe-hosts[1]=https://v.example.cn/").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("tongfa.content.iframe-hosts[1]");
                });
    }
}
