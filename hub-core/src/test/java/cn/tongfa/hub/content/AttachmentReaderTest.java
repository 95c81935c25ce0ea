package cn.tongfa.hub.content;

import static cn.tongfa.hub.content.AttachmentFiles.ID;
import static cn.tongfa.hub.content.AttachmentFiles.NOT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class AttachmentReaderTest {

    private static final AttachmentReader READER = new AttachmentReader(AttachmentReaderSettings.DEFAULTS);
    private final ContentCheck check = ContentCheck.of(List.of(), List.of());

    @AfterAll
    static void close() {
        READER.close();
    }

    private static AttachmentText read(String name, byte[] bytes) {
        return READER.read(name, new ByteArrayInputStream(bytes));
    }

    /** The problems the content check finds in the attachment, as (field, code, message). */
    private List<ContentProblem> problems(AttachmentText attachment) {
        return check.check(new ContentInput("公示", null, "<p>见附件。</p>", List.of("portal"), Map.of(), false,
                ContentInput.TYPICAL_PORTAL_LINK_LENGTH).withAttachments(List.of(attachment))).problems();
    }

    @Test
    void aPdfIsReadPageByPageAndAnIdNumberOnPageTwoIsNamedWithItsPage() throws Exception {
        AttachmentText pdf = read("公示名单.pdf", AttachmentFiles.pdf("Public list of 2026",
                "Zhang San " + ID + " M\nLi Si " + NOT_ID + " F"));
        assertThat(pdf.unreadable()).isNull();
        assertThat(pdf.parts()).extracting(AttachmentText.Part::label).containsExactly("第 1 页", "第 2 页");
        assertThat(pdf.parts().get(1).text()).contains(ID).contains(NOT_ID);
        assertThat(problems(pdf)).extracting(ContentProblem::field, ContentProblem::code, ContentProblem::message)
                .containsExactly(tuple("attachments[0]", ContentProblem.ID_CARD,
                        "附件《公示名单.pdf》第 2 页：发现疑似身份证号 1101**********0118（已隐去部分），"
                                + "请删除或确认已脱敏后勾选“已审查个人信息”"));
    }

    @Test
    void aDocxIsReadAsItsBody() throws Exception {
        AttachmentText docx = read("报名表.docx", AttachmentFiles.docx("关于报名的说明", "联系人：张三，手机 13800138000"));
        assertThat(docx.parts()).extracting(AttachmentText.Part::label).containsExactly("正文");
        assertThat(problems(docx)).extracting(ContentProblem::code, ContentProblem::message).containsExactly(tuple(
                ContentProblem.MOBILE, "附件《报名表.docx》正文：发现疑似手机号 138****8000（已隐去部分），"
                        + "请删除或确认已脱敏后勾选“已审查个人信息”"));
    }

    @Test
    void anXlsxIsReadSheetBySheetAndCellsStayApart() throws Exception {
        AttachmentText xlsx = read("名单.xlsx", AttachmentFiles.workbook(false, workbook()));
        assertThat(xlsx.parts()).extracting(AttachmentText.Part::label).containsExactly("工作表“说明”", "工作表“名单”");
        assertThat(xlsx.parts().get(1).text()).doesNotContain("名单").containsPattern("1380013\\s+8000")
                .doesNotContain("13800138000");
        assertThat(problems(xlsx)).extracting(ContentProblem::message).containsExactly(
                "附件《名单.xlsx》工作表“名单”：发现疑似身份证号 1101**********0118（已隐去部分），"
                        + "请删除或确认已脱敏后勾选“已审查个人信息”");
    }

    @Test
    void anXlsTheFormatOfWpsSpreadsheetsIsReadSheetBySheet() throws Exception {
        AttachmentText xls = read("名单.et", AttachmentFiles.workbook(true, workbook()));
        assertThat(xls.parts()).extracting(AttachmentText.Part::label).containsExactly("工作表“说明”", "工作表“名单”");
        assertThat(problems(xls)).extracting(ContentProblem::field, ContentProblem::code)
                .containsExactly(tuple("attachments[0]", ContentProblem.ID_CARD));
    }

    private static Map<String, List<List<String>>> workbook() {
        return AttachmentFiles.sheets("说明", List.of(List.of("本表为拟表彰人员公示名单")),
                "名单", List.of(List.of("姓名", "身份证号", "编号", "序号"), List.of("张三", ID, "1380013", "8000"),
                        List.of("李四", NOT_ID, "", "")),
                "Sheet3", List.of());
    }

    @Test
    void anOfdIsReadPageByPageWithCharactersPlacedOneByOneJoined() throws Exception {
        List<Object[]> second = new ArrayList<>();
        for (int i = 0; i < ID.length(); i++) {
            second.add(new Object[] {60 + i * 1.75, 60, String.valueOf(ID.charAt(i))});
        }
        second.add(0, new Object[] {20, 60, "张三"});
        second.add(new Object[] {20, 70, "李四"});
        second.add(new Object[] {60, 70, NOT_ID});
        AttachmentText ofd = read("公示名单.ofd", AttachmentFiles.ofd(List.of(
                List.<Object[]>of(new Object[] {20, 30, "拟表彰人员公示名单"}), second)));
        assertThat(ofd.unreadable()).isNull();
        assertThat(ofd.parts()).extracting(AttachmentText.Part::label).containsExactly("第 1 页", "第 2 页");
        assertThat(ofd.parts().get(1).text()).isEqualTo("张三\t" + ID + "\n李四\t" + NOT_ID);
        assertThat(problems(ofd)).extracting(ContentProblem::message).containsExactly(
                "附件《公示名单.ofd》第 2 页：发现疑似身份证号 1101**********0118（已隐去部分），"
                        + "请删除或确认已脱敏后勾选“已审查个人信息”");
    }

    @Test
    void eachDocumentInAZipIsReadAndNamedInsideIt() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("说明.docx", AttachmentFiles.docx("材料说明"));
        files.put("表格/名单.xlsx", AttachmentFiles.workbook(false, workbook()));
        files.put("扫描件.pdf", AttachmentFiles.pdf((String) null));
        AttachmentText zip = read("材料.zip", AttachmentFiles.zipOf(files));
        assertThat(zip.parts()).extracting(AttachmentText.Part::label).containsExactly("中的《说明.docx》正文",
                "中的《表格/名单.xlsx》工作表“说明”", "中的《表格/名单.xlsx》工作表“名单”", "中的《扫描件.pdf》");
        assertThat(problems(zip)).extracting(ContentProblem::message).containsExactly(
                "附件《材料.zip》中的《表格/名单.xlsx》工作表“名单”：发现疑似身份证号 1101**********0118（已隐去部分），"
                        + "请删除或确认已脱敏后勾选“已审查个人信息”",
                "附件《材料.zip》中的《扫描件.pdf》无法读取文字（只有图像，没有文字层，可能是扫描件），"
                        + "请人工核对其中是否含有个人信息，核对后勾选“已审查个人信息”");
    }

    @Test
    void scannedPagesAreUnreadableWholeOrOneByOne() throws Exception {
        assertThat(read("扫描件.pdf", AttachmentFiles.pdf(null, null)))
                .isEqualTo(AttachmentText.unreadable("扫描件.pdf", AttachmentReader.SCANNED));
        assertThat(read("扫描件.ofd", AttachmentFiles.ofd(List.of(List.of()))))
                .isEqualTo(AttachmentText.unreadable("扫描件.ofd", AttachmentReader.SCANNED));

        AttachmentText mixed = read("附件.pdf", AttachmentFiles.pdf("Cover letter", null));
        assertThat(mixed.parts()).extracting(AttachmentText.Part::label, AttachmentText.Part::unreadable)
                .containsExactly(tuple("第 1 页", null), tuple("第 2 页", OfdText.SCANNED_PAGE));
        assertThat(problems(mixed)).extracting(ContentProblem::code, ContentProblem::message).containsExactly(tuple(
                ContentProblem.ATTACHMENT_UNREADABLE, "附件《附件.pdf》第 2 页无法读取文字（没有文字层，可能是扫描页），"
                        + "请人工核对其中是否含有个人信息，核对后勾选“已审查个人信息”"));
    }

    @Test
    void encryptedFilesAreUnreadableButAPdfOnlyRestrictedByItsOwnerIsRead() throws Exception {
        assertThat(read("名单.pdf", AttachmentFiles.encryptedPdf("open-me", "Zhang San " + ID)))
                .isEqualTo(AttachmentText.unreadable("名单.pdf", AttachmentReader.ENCRYPTED));
        assertThat(read("名单.docx", AttachmentFiles.encrypted(AttachmentFiles.docx("张三 " + ID), "open-me")))
                .isEqualTo(AttachmentText.unreadable("名单.docx", AttachmentReader.ENCRYPTED));

        AttachmentText restricted = read("名单.pdf", AttachmentFiles.encryptedPdf("", "Zhang San " + ID));
        assertThat(restricted.parts()).singleElement().satisfies(part -> assertThat(part.text()).contains(ID));

        assertThat(problems(AttachmentText.unreadable("名单.docx", AttachmentReader.ENCRYPTED)))
                .extracting(ContentProblem::message).containsExactly("附件《名单.docx》无法读取文字（文件已加密），"
                        + "请人工核对其中是否含有个人信息，核对后勾选“已审查个人信息”");
    }

    @Test
    void damagedFilesImagesAndEmptyFilesAreUnreadable() throws Exception {
        byte[] docx = AttachmentFiles.docx("张三 " + ID);
        assertThat(read("名单.docx", Arrays.copyOf(docx, docx.length / 2)).unreadable())
                .isEqualTo(AttachmentReader.DAMAGED);
        assertThat(read("名单.pdf", "%PDF-1.7\n1 0 obj <<\n garbage".getBytes(StandardCharsets.US_ASCII)).unreadable())
                .isEqualTo(AttachmentReader.DAMAGED);
        assertThat(read("名单.pdf", new byte[0]).unreadable()).isEqualTo("文件是空的");

        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB), "png", png);
        assertThat(read("名单.pdf", png.toByteArray()).unreadable()).isEqualTo(AttachmentReader.IMAGE);

        assertThat(read("空白.docx", AttachmentFiles.docx("  ")).unreadable()).isEqualTo(AttachmentReader.NO_TEXT);
    }

    @Test
    void textBeyondTheCharacterLimitIsCutAndSaidSo() throws Exception {
        try (AttachmentReader reader = new AttachmentReader(new AttachmentReaderSettings(40, null, null, null,
                null))) {
            AttachmentText docx = reader.read("长文.docx", new ByteArrayInputStream(AttachmentFiles.docx(
                    "第一段文字".repeat(5), "第二段文字".repeat(5), "第三段" + ID)));
            assertThat(docx.truncated()).isTrue();
            assertThat(docx.parts()).singleElement().satisfies(part -> assertThat(
                    part.text().replaceAll("\\s", "")).hasSizeLessThanOrEqualTo(40).doesNotContain(ID));

            List<Object[]> page = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                page.add(new Object[] {20, 20 + i * 10, "第" + i + "行文字"});
            }
            AttachmentText ofd = reader.read("长文.ofd", new ByteArrayInputStream(AttachmentFiles.ofd(
                    List.of(page, page))));
            assertThat(ofd.truncated()).isTrue();
            assertThat(ofd.parts()).extracting(AttachmentText.Part::label).containsExactly("第 1 页");
        }
    }

    @Test
    void zipBombsAndEscapingPathsInAnOfdAreRefusedBeforeTheyAreInflated() throws Exception {
        try (AttachmentReader reader = new AttachmentReader(new AttachmentReaderSettings(null, null, 5, 1L << 20,
                null))) {
            byte[] plain = AttachmentFiles.ofd(List.of(List.<Object[]>of(new Object[] {20, 30, "正文"})));
            Map<String, String> bomb = entries(plain);
            bomb.put("Doc_0/Pages/Page_0/Content.xml", bomb.get("Doc_0/Pages/Page_0/Content.xml")
                    .replace("<ofd:Content>", "<ofd:Content>" + " ".repeat(2 << 20)));
            assertThat(reader.read("炸弹.ofd", new ByteArrayInputStream(AttachmentFiles.zip(bomb))).unreadable())
                    .isEqualTo("Doc_0/Pages/Page_0/Content.xml 解压后过大，疑似压缩炸弹");

            Map<String, String> many = entries(plain);
            for (int i = 0; i < 5; i++) {
                many.put("Res/" + i + ".xml", "<x/>");
            }
            assertThat(reader.read("多.ofd", new ByteArrayInputStream(AttachmentFiles.zip(many))).unreadable())
                    .isEqualTo("压缩包内文件过多（超过 5 个），疑似压缩炸弹");

            Map<String, String> escaping = entries(plain);
            escaping.put("Doc_0/Document.xml", escaping.get("Doc_0/Document.xml")
                    .replace("BaseLoc=\"Pages/Page_0/Content.xml\"", "BaseLoc=\"../../../etc/passwd\""));
            assertThat(reader.read("越界.ofd", new ByteArrayInputStream(AttachmentFiles.zip(escaping))).unreadable())
                    .startsWith(OfdText.DAMAGED + "（路径超出文件包");
        }
    }

    @Test
    void aDocxThatInflatesAThousandfoldIsASuspectedZipBomb() throws Exception {
        Map<String, String> docx = entries(AttachmentFiles.docx("PLACEHOLDER"));
        docx.put("word/document.xml", docx.get("word/document.xml").replace("PLACEHOLDER", "1".repeat(20 << 20)));
        assertThat(read("炸弹.docx", AttachmentFiles.zip(docx)).unreadable()).isEqualTo(AttachmentReader.BOMB);
    }

    @Test
    void aFileThatTakesLongerThanTheTimeLimitIsUnreadable() throws Exception {
        try (AttachmentReader reader = new AttachmentReader(new AttachmentReaderSettings(null,
                Duration.ofMillis(1), null, null, null))) {
            assertThat(reader.read("名单.pdf", new ByteArrayInputStream(AttachmentFiles.pdf("Zhang San " + ID)))
                    .unreadable()).isEqualTo("读取超过 1 毫秒仍未完成");
        }
    }

    private static Map<String, String> entries(byte[] zip) throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(zip))) {
            for (java.util.zip.ZipEntry entry; (entry = in.getNextEntry()) != null;) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}
