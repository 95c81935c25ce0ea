package cn.tongfa.hub.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.AutoDetectParserConfig;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.SAXException;

/**
 * Reads the text of an attachment for the content checks: PDF page by page, Word documents (DOC, DOCX and WPS,
 * which is Word's binary format) as one body, workbooks (XLS, XLSX and ET) sheet by sheet through Tika's
 * parsers, OFD page by page through {@link OfdText}, and each document in a zip of them as above, labelled with
 * its name in the zip. The type is detected from the bytes, never from the name.
 *
 * <p>Never passes a file silently: what cannot be read (encrypted, damaged, only images without a text layer, a
 * type without text, too slow, a suspected zip bomb) comes back as {@link AttachmentText#unreadable() unreadable}
 * with the reason, a PDF or OFD page without text as an unreadable part, and text beyond the character limit as
 * {@link AttachmentText#truncated() truncated}. Limits: {@link AttachmentReaderSettings}; on top, Tika's own guard
 * stops output more than 100 times the input once past a million characters, and XML nested deeper than 100
 * elements or package entries deeper than 10.
 *
 * <p>Thread-safe. Each file is read on one of the reader's own threads (as many as the machine has cores, at least
 * two), so the caller gets an answer within the time limit even from a parser that hangs; {@link #close()} ends
 * those threads.
 */
public final class AttachmentReader implements AutoCloseable {

    static final String ENCRYPTED = "文件已加密";
    static final String DAMAGED = "文件已损坏或格式无法识别";
    static final String SCANNED = "只有图像，没有文字层，可能是扫描件";
    static final String NO_TEXT = "没有可以读取的文字（可能只有图片）";
    static final String IMAGE = "图片中的文字无法自动读取";
    static final String BOMB = "压缩内容异常，疑似压缩炸弹";
    static final String NESTED_ZIP = "压缩包中的压缩包不予读取";

    private static final Logger log = LoggerFactory.getLogger(AttachmentReader.class);

    private final AttachmentReaderSettings settings;
    private volatile AutoDetectParser parser;
    private final ExecutorService threads;

    public AttachmentReader(AttachmentReaderSettings settings) {
        this.settings = settings;
        AtomicInteger count = new AtomicInteger();
        // Bounded: parsing is CPU work, and a parser that ignores interruption keeps its thread. Once all are taken,
        // further reads wait and end as timed out, which is reported as unreadable: never a silent pass.
        this.threads = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), task -> {
            Thread thread = new Thread(task, "attachment-reader-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Tika's parsers, loaded with the first attachment rather than at start-up (it takes a second or more). */
    private AutoDetectParser parser() {
        AutoDetectParser loaded = parser;
        if (loaded == null) {
            synchronized (this) {
                loaded = parser;
                if (loaded == null) {
                    loaded = new AutoDetectParser();
                    // Set explicitly (these are Tika's defaults) so that the limits documented above stay true.
                    AutoDetectParserConfig guard = new AutoDetectParserConfig();
                    guard.setOutputThreshold(1_000_000);
                    guard.setMaximumCompressionRatio(100);
                    guard.setMaximumDepth(100);
                    guard.setMaximumPackageEntryDepth(10);
                    loaded.setAutoDetectParserConfig(guard);
                    parser = loaded;
                }
            }
        }
        return loaded;
    }

    /**
     * The text of the file. The bytes are copied to a temporary file first (zip-based formats need random access)
     * and the stream is closed.
     *
     * @param name  the attachment's name, only to label the result
     * @param bytes the file's bytes
     * @throws UncheckedIOException if the bytes cannot be read from the stream or copied (a storage fault, not a
     *                              fault of the file)
     */
    public AttachmentText read(String name, InputStream bytes) {
        Path file;
        try (InputStream in = bytes) {
            file = Files.createTempFile("tongfa-attachment-", ".bin");
            try {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                Files.deleteIfExists(file);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy attachment " + name + " to read its text", e);
        }
        try {
            return read(name, file);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A temporary file left behind is removed with the temporary directory.
            }
        }
    }

    private AttachmentText read(String name, Path file) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        Future<AttachmentText> reading = threads.submit(() -> parse(name, file, deadline, settings.maxCharacters(),
                false));
        try {
            return reading.get(settings.timeout().toNanos() + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            reading.cancel(true);
            return AttachmentText.unreadable(name, timedOut());
        } catch (InterruptedException e) {
            reading.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading attachment " + name, e);
        } catch (ExecutionException e) {
            // A parser's own fault (an error, not an exception about the file): the operator should know.
            log.warn("Reading the text of an attachment failed: {}", e.getCause().toString());
            return AttachmentText.unreadable(name, DAMAGED);
        }
    }

    private AttachmentText parse(String name, Path file, long deadline, int maxCharacters, boolean inZip)
            throws IOException {
        if (Files.size(file) == 0) {
            return AttachmentText.unreadable(name, "文件是空的");
        }
        AutoDetectParser tika = parser();
        Metadata metadata = new Metadata();
        MediaType type;
        try (TikaInputStream in = TikaInputStream.get(file)) {
            type = tika.getDetector().detect(in, metadata);
        }
        if (type.getBaseType().toString().equals("application/zip")) {
            if (OfdText.isOfd(file)) {
                return ofd(name, file, maxCharacters, deadline);
            }
            return inZip ? AttachmentText.unreadable(name, NESTED_ZIP) : zip(name, file, deadline);
        }
        if (type.getType().equals("image")) {
            return AttachmentText.unreadable(name, IMAGE);
        }
        AttachmentParts parts = new AttachmentParts(maxCharacters, deadline);
        ParseContext context = new ParseContext();
        // Documents embedded in others (a workbook inside a Word file) are read into their host's part.
        context.set(Parser.class, tika);
        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
        context.set(PDFParserConfig.class, pdf);
        try (TikaInputStream in = TikaInputStream.get(file)) {
            tika.parse(in, parts, metadata, context);
        } catch (SAXException e) {
            AttachmentParts.Stop stop = cause(e, AttachmentParts.Stop.class);
            if (stop == null) {
                return AttachmentText.unreadable(name, reason(e));
            }
            if (stop.timedOut) {
                return AttachmentText.unreadable(name, timedOut());
            }
        } catch (TikaException e) {
            AttachmentParts.Stop stop = cause(e, AttachmentParts.Stop.class);
            if (stop != null && stop.timedOut) {
                return AttachmentText.unreadable(name, timedOut());
            }
            if (stop == null) {
                return AttachmentText.unreadable(name, reason(e));
            }
        } catch (IOException | RuntimeException e) {
            return AttachmentText.unreadable(name, reason(e));
        }
        return assemble(name, type, parts);
    }

    /**
     * A zip of documents (which the media library accepts): each file is read as an attachment of its own, its
     * parts labelled {@code 中的《名单.xlsx》工作表“名单”}; the character limit is shared by all.
     */
    private AttachmentText zip(String name, Path file, long deadline) throws IOException {
        List<AttachmentText.Part> parts = new ArrayList<>();
        boolean truncated = false;
        int budget = settings.maxCharacters();
        long total = 0;
        // As the media library reads them: Windows writes GBK names without the UTF-8 flag.
        try (ZipFile zip = new ZipFile(file.toFile(), Charset.forName("GB18030"))) {
            if (zip.size() > settings.maxEntries()) {
                return AttachmentText.unreadable(name, "压缩包内文件过多（超过 " + settings.maxEntries() + " 个），疑似压缩炸弹");
            }
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                if (budget <= 0) {
                    truncated = true;
                    break;
                }
                String in = "中的《" + entry.getName() + "》";
                Path part = Files.createTempFile("tongfa-attachment-", ".part");
                try {
                    long size = copy(zip, entry, part, settings.maxTotalBytes() - total);
                    if (size < 0) {
                        return AttachmentText.unreadable(name, entry.getName() + " 解压后过大，疑似压缩炸弹");
                    }
                    total += size;
                    AttachmentText inner = parse(entry.getName(), part, deadline, budget, true);
                    if (inner.unreadable() != null) {
                        parts.add(new AttachmentText.Part(in, "", inner.unreadable()));
                    }
                    for (AttachmentText.Part read : inner.parts()) {
                        parts.add(new AttachmentText.Part(in + read.label(), read.text(), read.unreadable()));
                        budget -= read.text().length();
                    }
                    truncated |= inner.truncated();
                } finally {
                    Files.deleteIfExists(part);
                }
            }
        } catch (ZipException | IllegalArgumentException e) {
            return AttachmentText.unreadable(name, DAMAGED);
        }
        if (parts.isEmpty()) {
            return AttachmentText.unreadable(name, "压缩包中没有文件");
        }
        return AttachmentText.readable(name, parts, truncated);
    }

    /** Inflates the entry to the file; -1 if it is larger than an entry may be or than {@code room}. */
    private long copy(ZipFile zip, ZipEntry entry, Path target, long room) throws IOException {
        long limit = Math.min(settings.maxEntryBytes(), room);
        if (entry.getSize() > limit) {
            return -1;
        }
        try (InputStream in = zip.getInputStream(entry); OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            long copied = 0;
            for (int n; (n = in.read(buffer)) > 0;) {
                copied += n;
                if (copied > limit) {
                    return -1;
                }
                out.write(buffer, 0, n);
            }
            return copied;
        }
    }

    private AttachmentText ofd(String name, Path file, int maxCharacters, long deadline) {
        try {
            OfdText.Result result = OfdText.read(file, settings, maxCharacters, deadline);
            if (result.parts().stream().allMatch(part -> part.unreadable() != null)) {
                return AttachmentText.unreadable(name, SCANNED);
            }
            return AttachmentText.readable(name, result.parts(), result.truncated());
        } catch (OfdText.Unreadable e) {
            return AttachmentText.unreadable(name, e.getMessage());
        } catch (AttachmentParts.Stop e) {
            return AttachmentText.unreadable(name, timedOut());
        }
    }

    private static AttachmentText assemble(String name, MediaType type, AttachmentParts read) {
        String subtype = type.getSubtype();
        boolean pdf = subtype.equals("pdf");
        boolean workbook = subtype.contains("excel") || subtype.contains("spreadsheet");
        List<AttachmentText.Part> parts = new ArrayList<>();
        if (!read.outside().isBlank()) {
            parts.add(AttachmentText.Part.of("正文", read.outside()));
        }
        List<AttachmentParts.Page> pages = read.pages();
        for (int i = 0; i < pages.size(); i++) {
            AttachmentParts.Page page = pages.get(i);
            if (workbook) {
                if (!page.text().isBlank()) {
                    String sheet = page.heading() == null ? "第 " + (i + 1) + " 个" : "“" + page.heading() + "”";
                    parts.add(AttachmentText.Part.of("工作表" + sheet, page.text()));
                }
            } else if (!page.text().isBlank()) {
                parts.add(AttachmentText.Part.of("第 " + (i + 1) + " 页", page.text()));
            } else if (pdf) {
                parts.add(new AttachmentText.Part("第 " + (i + 1) + " 页", "", OfdText.SCANNED_PAGE));
            }
        }
        if (parts.stream().allMatch(part -> part.unreadable() != null)) {
            return AttachmentText.unreadable(name, pdf ? SCANNED : NO_TEXT);
        }
        return AttachmentText.readable(name, parts, read.truncated());
    }

    private String timedOut() {
        long millis = settings.timeout().toMillis();
        return "读取超过 " + (millis < 1000 ? millis + " 毫秒" : settings.timeout().toSeconds() + " 秒") + "仍未完成";
    }

    private static String reason(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String type = cause.getClass().getName();
            if (cause instanceof EncryptedDocumentException
                    || type.equals("org.apache.poi.EncryptedDocumentException")
                    || type.equals("org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException")) {
                return ENCRYPTED;
            }
            // Tika's guard (SecureContentHandler) and POI's (ZipSecureFile) say so only in their messages.
            String message = cause.getMessage();
            if (type.startsWith("org.apache.tika.sax.SecureContentHandler")
                    || (message != null && message.toLowerCase(Locale.ROOT).contains("zip bomb"))) {
                return BOMB;
            }
        }
        return DAMAGED;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
