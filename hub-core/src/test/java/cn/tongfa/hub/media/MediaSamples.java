package cn.tongfa.hub.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** Real files of every kind the media library meets, made by the libraries that write them. */
public final class MediaSamples {

    private MediaSamples() {
    }

    public static byte[] png(int width, int height) {
        return image("png", width, height, false);
    }

    /** A PNG of random pixels: it hardly compresses, so its size follows its dimensions. */
    public static byte[] noisyPng(int width, int height) {
        return image("png", width, height, true);
    }

    public static byte[] jpeg(int width, int height) {
        return image("jpg", width, height, false);
    }

    public static byte[] gif(int width, int height) {
        return image("gif", width, height, false);
    }

    private static byte[] image(String format, int width, int height, boolean noise) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0x1f, 0x5f, 0xa8));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        if (noise) {
            Random random = new Random(width * 31L + height);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    image.setRGB(x, y, random.nextInt(0xffffff));
                }
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

    /** A one-page PDF with a text layer (a blank page is, rightly, an attachment the content checks cannot read). */
    public static byte[] pdf() {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 720);
                content.showText("Notice on the 2026 petition review");
                content.endText();
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] docx() {
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            document.createParagraph().createRun().setText("报名表");
            document.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] xlsx() {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            workbook.createSheet("名单").createRow(0).createCell(0).setCellValue("姓名");
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An OLE2 compound document with the stream that names its kind: {@code WordDocument} (Word 97 and WPS
     * 文字's .wps) or {@code Workbook} (Excel 97 and WPS 表格's .et).
     */
    public static byte[] ole2(String stream) {
        try (POIFSFileSystem fs = new POIFSFileSystem(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            fs.createDocument(new java.io.ByteArrayInputStream(new byte[4096]), stream);
            fs.writeFilesystem(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An OFD (GB/T 33190): a ZIP with OFD.xml at its root. */
    public static byte[] ofd() {
        return zip(StandardCharsets.UTF_8, Map.of(
                "OFD.xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\""
                        + " Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
                        + "</ofd:DocBody></ofd:OFD>").getBytes(StandardCharsets.UTF_8),
                "Doc_0/Document.xml", "<ofd:Document xmlns:ofd=\"http://www.ofdspec.org/2016\"/>"
                        .getBytes(StandardCharsets.UTF_8)));
    }

    /** A ZIP with {@code entries}, their names written in {@code charset} (GBK as Windows does). */
    public static byte[] zip(Charset charset, Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, charset)) {
            for (Map.Entry<String, byte[]> entry : new java.util.TreeMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] html() {
        return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>登录</title></head>"
                + "<body><script>location.href='http://example.invalid/'</script></body></html>\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The start of a Windows program: the MZ header pointing at a PE header. */
    public static byte[] exe() {
        byte[] exe = new byte[1024];
        exe[0] = 'M';
        exe[1] = 'Z';
        exe[0x3c] = (byte) 0x80;
        exe[0x80] = 'P';
        exe[0x81] = 'E';
        byte[] stub = "This program cannot be run in DOS mode.".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(stub, 0, exe, 0x4e, stub.length);
        return exe;
    }

    /** A WebP file header (RIFF, WEBP, a VP8L chunk). */
    public static byte[] webp() {
        byte[] webp = new byte[64];
        byte[] head = "RIFF\u0038\0\0\0WEBPVP8L".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(head, 0, webp, 0, head.length);
        return webp;
    }
}
