package cn.tongfa.hub.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpStatus;

import cn.tongfa.hub.web.ApiException;

/** What Tika makes of each kind of file, and which the hub accepts; names never count. */
class MediaTypesTest {

    private final MediaTypes types = new MediaTypes(1024 * 1024, 10);

    @TempDir
    Path dir;

    @Test
    void imagesAreTypedByTheirBytesAndMeasured() throws IOException {
        assertThat(sniff("x.pdf", MediaSamples.png(64, 48)))
                .isEqualTo(new MediaTypes.Sniffed("image/png", MediaKind.IMAGE, 64, 48));
        assertThat(sniff("封面", MediaSamples.jpeg(30, 20)))
                .isEqualTo(new MediaTypes.Sniffed("image/jpeg", MediaKind.IMAGE, 30, 20));
        assertThat(sniff("a.png", MediaSamples.gif(5, 7)))
                .isEqualTo(new MediaTypes.Sniffed("image/gif", MediaKind.IMAGE, 5, 7));
    }

    @Test
    void officeAndPdfDocumentsAreAccepted() throws IOException {
        assertThat(sniff("a.bin", MediaSamples.pdf()).contentType()).isEqualTo("application/pdf");
        assertThat(sniff("a.zip", MediaSamples.docx()).contentType()).isEqualTo(MediaTypes.DOCX);
        assertThat(sniff("a.zip", MediaSamples.xlsx()).contentType()).isEqualTo(MediaTypes.XLSX);
        // WPS 文字 (.wps) and WPS 表格 (.et) write the OLE2 layout of Word and Excel 97.
        assertThat(sniff("通知.wps", MediaSamples.ole2("WordDocument")).contentType()).isEqualTo("application/msword");
        assertThat(sniff("名单.et", MediaSamples.ole2("Workbook")).contentType())
                .isEqualTo("application/vnd.ms-excel");
        assertThat(sniff("公文.ofd", MediaSamples.ofd()).contentType()).isEqualTo(MediaTypes.OFD);
    }

    @Test
    void aZipOfDocumentsIsAcceptedAndAnythingElseInsideIsNamed() throws IOException {
        byte[] good = MediaSamples.zip(Charset.forName("GBK"), Map.of("附件1 报名表.docx", MediaSamples.docx(),
                "目录/附件2.pdf", MediaSamples.pdf(), "附件3.ofd", MediaSamples.ofd()));
        assertThat(sniff("附件.zip", good).contentType()).isEqualTo(MediaTypes.ZIP);

        byte[] bad = MediaSamples.zip(Charset.forName("GBK"), Map.of("附件1.pdf", MediaSamples.pdf(),
                "安装程序.exe", MediaSamples.exe()));
        ApiException refused = refusal("附件.zip", bad);
        assertThat(refused.messageKey()).isEqualTo("media.refused.zipEntry");
        assertThat(refused.args()[0]).isEqualTo("附件.zip");
        assertThat(refused.args()[1]).isEqualTo("安装程序.exe");
        assertThat(description(refused.args()[2])).isEqualTo("media.type.executable");

        byte[] nested = MediaSamples.zip(Charset.forName("GBK"), Map.of("inner.zip", good));
        assertThat(refusal("嵌套.zip", nested).messageKey()).isEqualTo("media.refused.zipEntry");
    }

    @Test
    void zipBombsAndCrowdedZipsStopEarly() {
        byte[] zeros = new byte[2 * 1024 * 1024];
        ApiException big = refusal("大.zip", MediaSamples.zip(Charset.forName("GBK"), Map.of("a.pdf", zeros)));
        assertThat(big.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        Map<String, byte[]> many = new java.util.HashMap<>();
        for (int i = 0; i < 11; i++) {
            many.put("f" + i + ".pdf", MediaSamples.pdf());
        }
        assertThat(refusal("多.zip", MediaSamples.zip(Charset.forName("GBK"), many)).messageKey())
                .isEqualTo("media.refused.zipEntries");
    }

    @Test
    void aPageOrAProgramUnderADocumentsNameIsRefusedForWhatItIs() {
        ApiException page = refusal("x.pdf", MediaSamples.html());
        assertThat(page.messageKey()).isEqualTo("media.refused.type");
        assertThat(page.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(page.args()[0]).isEqualTo("x.pdf");
        assertThat(description(page.args()[1])).isEqualTo("media.type.html");

        ApiException program = refusal("x.doc", MediaSamples.exe());
        assertThat(description(program.args()[1])).isEqualTo("media.type.executable");

        assertThat(refusal("photo.jpg", MediaSamples.webp()).messageKey()).isEqualTo("media.refused.webp");
        assertThat(description(refusal("a.txt", "纯文本".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .args()[1])).isEqualTo("media.type.text");
    }

    private MediaTypes.Sniffed sniff(String name, byte[] bytes) throws IOException {
        Path file = Files.write(dir.resolve("upload-" + System.nanoTime()), bytes);
        return types.sniff(name, file);
    }

    private ApiException refusal(String name, byte[] bytes) {
        Throwable thrown = catchThrowable(() -> sniff(name, bytes));
        assertThat(thrown).isInstanceOf(ApiException.class);
        return (ApiException) thrown;
    }

    private static String description(Object arg) {
        return ((MessageSourceResolvable) arg).getCodes()[0];
    }
}
