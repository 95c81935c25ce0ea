package cn.tongfa.hub.content;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The text of an OFD file (GB/T 33190, the format of China's electronic official documents), page by page. Tika
 * has no OFD parser, and OFD's layout is simple: a zip whose {@code OFD.xml} names each document's root
 * ({@code DocBody/DocRoot}); the document ({@code Document.xml}) lists its pages ({@code Pages/Page@BaseLoc}); a
 * page's {@code Content.xml} holds positioned text ({@code TextObject} with a {@code Boundary}, its
 * {@code TextCode}s with {@code X}/{@code Y} inside it).
 *
 * <p>Text runs on one line are joined, with a tab where the gap is wider than a character (table columns), and
 * a line break where the line changes: generators that place every character on its own still give whole
 * numbers, and neighbouring cells stay apart. Templates (running heads) and annotations are not read.
 *
 * <p>The zip is checked before anything is inflated (number of entries) and while inflating (bytes per entry and
 * in all), and the XML is read without DTDs or external entities.
 */
final class OfdText {

    /** The file is not a readable OFD; the message is the reason for the editor, in Chinese. */
    static final class Unreadable extends Exception {
        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** What was read: the pages' text in order, and whether the character limit cut it. */
    record Result(List<AttachmentText.Part> parts, boolean truncated) {
    }

    static final String DAMAGED = "文件已损坏或不是有效的 OFD 文件";
    static final String SCANNED_PAGE = "没有文字层，可能是扫描页";

    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XML.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    }

    private final AttachmentReaderSettings settings;
    private final int maxCharacters;
    private final long deadline;
    private long inflated;
    private int characters;
    private boolean truncated;

    private OfdText(AttachmentReaderSettings settings, int maxCharacters, long deadline) {
        this.settings = settings;
        this.maxCharacters = maxCharacters;
        this.deadline = deadline;
    }

    /** Whether the zip file is an OFD: it has an {@code OFD.xml} at its root. */
    static boolean isOfd(Path file) {
        try (ZipFile zip = open(file)) {
            return zip.getEntry("OFD.xml") != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads the pages of an OFD file.
     *
     * @param maxCharacters the most characters kept
     * @param deadline      {@link System#nanoTime()} after which reading stops as timed out
     */
    static Result read(Path file, AttachmentReaderSettings settings, int maxCharacters, long deadline)
            throws Unreadable, AttachmentParts.Stop {
        return new OfdText(settings, maxCharacters, deadline).read(file);
    }

    private Result read(Path file) throws Unreadable, AttachmentParts.Stop {
        try (ZipFile zip = open(file)) {
            if (zip.size() > settings.maxEntries()) {
                throw new Unreadable("压缩包内文件过多（超过 " + settings.maxEntries() + " 个），疑似压缩炸弹");
            }
            if (zip.getEntry("Encryptions.xml") != null) {
                throw new Unreadable("文件已加密");
            }
            List<AttachmentText.Part> parts = new ArrayList<>();
            int number = 0;
            documents:
            for (String root : docRoots(zip)) {
                for (String page : pages(zip, root)) {
                    if (truncated) {
                        break documents;
                    }
                    number++;
                    String text = pageText(zip, page);
                    parts.add(text.isBlank()
                            ? new AttachmentText.Part("第 " + number + " 页", "", SCANNED_PAGE)
                            : AttachmentText.Part.of("第 " + number + " 页", text));
                }
            }
            if (number == 0) {
                throw new Unreadable(DAMAGED + "（没有页面）");
            }
            return new Result(parts, truncated);
        } catch (IOException | XMLStreamException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof TooLarge tooLarge) {
                    throw new Unreadable(tooLarge.getMessage() + " 解压后过大，疑似压缩炸弹");
                }
            }
            throw new Unreadable(DAMAGED);
        }
    }

    private List<String> docRoots(ZipFile zip) throws IOException, XMLStreamException, Unreadable {
        List<String> roots = new ArrayList<>();
        XMLStreamReader xml = xml(zip, "OFD.xml");
        try {
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("DocRoot")) {
                    roots.add(resolve("", xml.getElementText().strip()));
                }
            }
        } finally {
            xml.close();
        }
        if (roots.isEmpty()) {
            throw new Unreadable(DAMAGED + "（OFD.xml 中没有 DocRoot）");
        }
        return roots;
    }

    private List<String> pages(ZipFile zip, String docRoot) throws IOException, XMLStreamException, Unreadable {
        String dir = docRoot.contains("/") ? docRoot.substring(0, docRoot.lastIndexOf('/') + 1) : "";
        List<String> pages = new ArrayList<>();
        XMLStreamReader xml = xml(zip, docRoot);
        try {
            Deque<String> path = new ArrayDeque<>();
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (xml.getLocalName().equals("Page") && "Pages".equals(path.peek())) {
                        String base = xml.getAttributeValue(null, "BaseLoc");
                        if (base == null || base.isBlank()) {
                            throw new Unreadable(DAMAGED + "（页面没有 BaseLoc）");
                        }
                        pages.add(resolve(dir, base.strip()));
                    }
                    path.push(xml.getLocalName());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    path.pop();
                }
            }
        } finally {
            xml.close();
        }
        return pages;
    }

    private String pageText(ZipFile zip, String content)
            throws IOException, XMLStreamException, Unreadable, AttachmentParts.Stop {
        StringBuilder text = new StringBuilder();
        XMLStreamReader xml = xml(zip, content);
        try {
            double[] boundary = null;
            double size = 0;
            double lastY = Double.NaN;
            double lastRight = 0;
            double lastSize = 0;
            while (xml.hasNext()) {
                if (xml.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = xml.getLocalName();
                if (name.equals("TextObject")) {
                    boundary = numbers(xml.getAttributeValue(null, "Boundary"), 4);
                    size = number(xml.getAttributeValue(null, "Size"), boundary[3]);
                } else if (name.equals("TextCode") && boundary != null) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new AttachmentParts.Stop(true);
                    }
                    String x = xml.getAttributeValue(null, "X");
                    String y = xml.getAttributeValue(null, "Y");
                    String run = xml.getElementText();
                    double left = boundary[0] + number(x, 0);
                    double top = boundary[1] + number(y, 0);
                    if (!Double.isNaN(lastY) && y != null) {
                        double em = Math.max(Math.max(size, lastSize), 0.1);
                        if (Math.abs(top - lastY) > em / 2) {
                            text.append('\n');
                        } else if (x != null && left - lastRight > em) {
                            text.append('\t');
                        }
                    }
                    if (!append(text, run)) {
                        break;
                    }
                    lastY = y != null || Double.isNaN(lastY) ? top : lastY;
                    lastRight = (x != null ? left : lastRight) + width(run, size);
                    lastSize = size;
                }
            }
        } finally {
            xml.close();
        }
        return text.toString();
    }

    /** Appends as much of the run as the character limit allows; false once the limit is reached. */
    private boolean append(StringBuilder text, String run) {
        int kept = Math.min(run.length(), maxCharacters - characters);
        text.append(run, 0, kept);
        characters += kept;
        if (kept < run.length()) {
            truncated = true;
            return false;
        }
        return true;
    }

    /** Roughly how wide the run is: half an em for Latin letters and digits, a whole one for Chinese. */
    private static double width(String run, double size) {
        double width = 0;
        for (int i = 0; i < run.length(); i++) {
            width += run.charAt(i) < 0x2E80 ? size / 2 : size;
        }
        return width;
    }

    private XMLStreamReader xml(ZipFile zip, String name) throws IOException, XMLStreamException, Unreadable {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null || entry.isDirectory()) {
            throw new Unreadable(DAMAGED + "（缺少 " + name + "）");
        }
        if (entry.getSize() > settings.maxEntryBytes()) {
            throw new Unreadable(name + " 解压后过大，疑似压缩炸弹");
        }
        return XML.createXMLStreamReader(new Bounded(zip.getInputStream(entry), name));
    }

    /** A path inside the zip: {@code /Doc_0/Document.xml} from the root, else relative to {@code dir}. */
    static String resolve(String dir, String location) throws Unreadable {
        String joined = location.startsWith("/") ? location.substring(1) : dir + location;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : joined.replace('\\', '/').split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new Unreadable(DAMAGED + "（路径超出文件包：" + location + "）");
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    private static double[] numbers(String value, int count) {
        double[] numbers = new double[count];
        if (value != null) {
            String[] parts = value.strip().split("\\s+");
            for (int i = 0; i < Math.min(count, parts.length); i++) {
                numbers[i] = number(parts[i], 0);
            }
        }
        return numbers;
    }

    private static double number(String value, double otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** Entry names are UTF-8 by the zip standard; some Chinese tools write GB18030 without saying so. */
    private static ZipFile open(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            return new ZipFile(file.toFile(), Charset.forName("GB18030"));
        }
    }

    /** Counts inflated bytes against the per-entry and per-file limits. */
    private final class Bounded extends FilterInputStream {
        private final String name;
        private long read;

        Bounded(InputStream in, String name) {
            super(in);
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            inflated += n;
            if (read > settings.maxEntryBytes() || inflated > settings.maxTotalBytes()) {
                throw new TooLarge(name);
            }
        }
    }

    /** An entry inflated beyond the limits; reported as a suspected zip bomb. */
    static final class TooLarge extends IOException {
        TooLarge(String name) {
            super(name);
        }
    }
}
