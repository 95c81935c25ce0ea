package cn.tongfa.hub.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** A wrong media setting stops the hub naming its key; the larger limit is what an upload may reach untyped. */
class MediaSettingsTest {

    @Test
    void limitsAndKeysAreChecked() {
        MediaSettings ok = settings(DataSize.ofMegabytes(10), DataSize.ofMegabytes(50), null, 500);
        assertThat(ok.maxSize()).isEqualTo(DataSize.ofMegabytes(50).toBytes());
        assertThat(ok.maxSize(MediaKind.IMAGE)).isEqualTo(DataSize.ofMegabytes(10).toBytes());

        assertThatThrownBy(() -> settings(DataSize.ofBytes(0), DataSize.ofMegabytes(50), null, 500))
                .hasMessageContaining("tongfa.media.max-image-size");
        assertThatThrownBy(() -> settings(DataSize.ofMegabytes(10), DataSize.ofMegabytes(50), "short", 500))
                .hasMessageContaining("tongfa.media.signing-key");
        assertThatThrownBy(() -> settings(DataSize.ofMegabytes(10), DataSize.ofMegabytes(50), null, 0))
                .hasMessageContaining("tongfa.media.zip-max-entries");
    }

    @Test
    void limitsReadAsEditorsWriteThem() {
        assertThat(MediaLibrary.megabytes(DataSize.ofMegabytes(10).toBytes())).isEqualTo("10 MB");
        assertThat(MediaLibrary.megabytes(1536 * 1024)).isEqualTo("1.5 MB");
        assertThat(MediaLibrary.megabytes(200 * 1024)).isEqualTo("200 KB");
    }

    @Test
    void uploadedNamesLoseClientPathsAndControlCharacters() {
        assertThat(MediaLibrary.cleanName("C:\\Users\\科员\\桌面\\报名表.docx")).isEqualTo("报名表.docx");
        assertThat(MediaLibrary.cleanName("a/b/通知\u0000.pdf")).isEqualTo("通知.pdf");
        assertThat(MediaLibrary.cleanName("  ")).isEqualTo("未命名");
        assertThat(MediaLibrary.cleanName("长".repeat(300))).hasSize(255);
    }

    private static MediaSettings settings(DataSize image, DataSize document, String key, int zipEntries) {
        return new MediaSettings(MediaSettings.Store.FILE, Path.of("./data/media"), image, document, key,
                Duration.ofDays(14), Duration.ofDays(1), zipEntries);
    }
}
