package cn.tongfa.hub.content;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** Real attachment files built in the test: PDF with PDFBox, Word and Excel with POI, OFD as a zip. */
final class AttachmentFiles {

    /** A valid resident identity card number (checksum and date). */
    static final String ID = "110105194912310118";
    /** The same with a wrong check digit: an 18-digit run that is no identity card number. */
    static final String NOT_ID = "110105194912310119";

    private AttachmentFiles() {
    }

    /** A PDF with one page per text; a null text is a page with only an image (a scan). */
    static byte[] pdf(String... pages) throws IOException {
        try (PDDocument document = new PDDocument()) {
            fill(document, pages);
            return save(document);
        }
    }

    /** A PDF that opens only with the user password. */
    static byte[] encryptedPdf(String userPassword, String... pages) throws IOException {
        try (PDDocument document = new PDDocument()) {
            fill(document, pages);
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", userPassword,
                    new AccessPermission());
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
            return save(document);
        }
    }

    private static void fill(PDDocument document, String... pages) throws IOException {
        PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        for (String text : pages) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                if (text == null) {
                    BufferedImage scan = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
                    scan.getGraphics().drawString("110105194912310118", 10, 50);
                    PDImageXObject image = LosslessFactory.createFromImage(document, scan);
                    content.drawImage(image, 50, 500);
                    continue;
                }
                content.beginText();
                content.setFont(font, 12);
                content.newLineAtOffset(50, 700);
                content.setLeading(16);
                for (String line : text.split("\n")) {
                    content.showText(line);
                    content.newLine();
                }
                content.endText();
            }
        }
    }

    private static byte[] save(PDDocument document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }

    static byte[] docx(String... paragraphs) throws IOException {
        try (XWPFDocument document = new XWPFDocument()) {
            for (String paragraph : paragraphs) {
                document.createParagraph().createRun().setText(paragraph);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.write(out);
            return out.toByteArray();
        }
    }

    /** The DOCX encrypted the way Word does ("用密码进行加密"): an OLE2 file with the package inside. */
    static byte[] encrypted(byte[] docx, String password) throws Exception {
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
            encryptor.confirmPassword(password);
            try (OPCPackage opc = OPCPackage.open(new ByteArrayInputStream(docx));
                    OutputStream os = encryptor.getDataStream(fs)) {
                opc.save(os);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            fs.writeFilesystem(out);
            return out.toByteArray();
        }
    }

    /** A workbook, sheet name to rows of cells; XLSX or (with {@code binary}) XLS, the format of WPS's ET. */
    static byte[] workbook(boolean binary, Map<String, List<List<String>>> sheets) throws IOException {
        try (Workbook workbook = binary ? new HSSFWorkbook() : new XSSFWorkbook()) {
            sheets.forEach((name, rows) -> {
                Sheet sheet = workbook.createSheet(name);
                for (int r = 0; r < rows.size(); r++) {
                    Row row = sheet.createRow(r);
                    for (int c = 0; c < rows.get(r).size(); c++) {
                        row.createCell(c).setCellValue(rows.get(r).get(c));
                    }
                }
            });
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        }
    }

    static Map<String, List<List<String>>> sheets(Object... nameAndRows) {
        Map<String, List<List<String>>> sheets = new LinkedHashMap<>();
        for (int i = 0; i < nameAndRows.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<List<String>> rows = (List<List<String>>) nameAndRows[i + 1];
            sheets.put((String) nameAndRows[i], rows);
        }
        return sheets;
    }

    private static final String NS = "http://www.ofdspec.org/2016";

    /**
     * An OFD with one page per entry; each page is a list of text objects {@code {x, y, text}} (mm), a page
     * without any is a scan.
     */
    static byte[] ofd(List<List<Object[]>> pages) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("OFD.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:OFD xmlns:ofd=\"" + NS
                + "\" Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo><ofd:DocID>a1</ofd:DocID>"
                + "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>");
        StringBuilder document = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Document xmlns:ofd=\""
                + NS + "\"><ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297"
                + "</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>");
        for (int p = 0; p < pages.size(); p++) {
            document.append("<ofd:Page ID=\"").append(p + 1).append("\" BaseLoc=\"Pages/Page_").append(p)
                    .append("/Content.xml\"/>");
            StringBuilder content = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Page xmlns:ofd=\""
                    + NS + "\"><ofd:Content><ofd:Layer ID=\"" + (10 + p) + "\">");
            if (pages.get(p).isEmpty()) {
                content.append("<ofd:ImageObject ID=\"50\" Boundary=\"0 0 210 297\" ResourceID=\"7\"/>");
            }
            for (Object[] text : pages.get(p)) {
                String run = (String) text[2];
                double width = run.length() * 3.5;
                content.append("<ofd:TextObject ID=\"60\" Boundary=\"").append(text[0]).append(' ').append(text[1])
                        .append(' ').append(width).append(" 5\" Font=\"3\" Size=\"3.5\"><ofd:FillColor Value=\"0 0 0\"/>"
                                + "<ofd:TextCode X=\"0\" Y=\"4\">")
                        .append(run).append("</ofd:TextCode></ofd:TextObject>");
            }
            content.append("</ofd:Layer></ofd:Content></ofd:Page>");
            entries.put("Doc_0/Pages/Page_" + p + "/Content.xml", content.toString());
        }
        document.append("</ofd:Pages></ofd:Document>");
        entries.put("Doc_0/Document.xml", document.toString());
        return zip(entries);
    }

    static byte[] zipOf(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
