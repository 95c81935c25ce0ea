package cn.tongfa.hub.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Collects the text of Tika's XHTML output split where Tika marks pages: {@code <div class="page">} is a page of
 * a PDF or a sheet of an XLS workbook, {@code <div class="sheet">} a sheet of an XLSX one (a sheet's first
 * {@code <h1>} is its name). Text outside any page (the
 * body of a Word document) is kept apart. Embedded documents stay in the page or body they sit in. Table cells
 * end with a tab and block elements with a line break, so numbers from neighbouring cells or lines never run
 * together.
 *
 * <p>Stops the parse (with {@link Stop}) once the character limit is reached or the deadline has passed.
 */
final class AttachmentParts extends DefaultHandler {

    /** A page or sheet: its heading (the sheet's name), or null, and its text. */
    record Page(String heading, String text) {
    }

    /** Thrown to end the parse early; {@link #timedOut} tells which limit. */
    static final class Stop extends SAXException {
        final boolean timedOut;

        Stop(boolean timedOut) {
            super(timedOut ? "time limit reached" : "character limit reached");
            this.timedOut = timedOut;
        }
    }

    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4",
            "h5", "h6", "ul", "ol", "dd", "dt", "blockquote", "pre", "section", "article", "header", "footer");
    private static final Set<String> CELLS = Set.of("td", "th");

    private final int maxCharacters;
    private final long deadline;
    private final List<Page> pages = new ArrayList<>();
    private final StringBuilder outside = new StringBuilder();
    private StringBuilder page;
    private StringBuilder heading;
    private String pageHeading;
    private int depth;
    private int pageDepth = -1;
    private int headingDepth = -1;
    private int embeddedDepth = -1;
    private int characters;
    private boolean truncated;

    /**
     * @param maxCharacters the most characters kept
     * @param deadline      {@link System#nanoTime()} after which the parse stops
     */
    AttachmentParts(int maxCharacters, long deadline) {
        this.maxCharacters = maxCharacters;
        this.deadline = deadline;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
        depth++;
        String name = name(localName, qName);
        if (name.equals("div")) {
            String kind = attributes.getValue("class");
            if (embeddedDepth < 0 && ("embedded".equals(kind) || "package-entry".equals(kind))) {
                embeddedDepth = depth;
            } else if (embeddedDepth < 0 && page == null && ("page".equals(kind) || "sheet".equals(kind))) {
                page = new StringBuilder();
                pageHeading = null;
                pageDepth = depth;
            }
        } else if (name.equals("h1") && page != null && pageHeading == null && heading == null && embeddedDepth < 0
                && page.toString().isBlank()) {
            heading = new StringBuilder();
            headingDepth = depth;
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        String name = name(localName, qName);
        if (depth == headingDepth) {
            pageHeading = heading.toString().strip();
            heading = null;
            headingDepth = -1;
        } else if (CELLS.contains(name)) {
            target().append('\t');
        } else if (BLOCKS.contains(name)) {
            target().append('\n');
        }
        if (depth == pageDepth) {
            pages.add(new Page(pageHeading, page.toString()));
            page = null;
            pageDepth = -1;
        }
        if (depth == embeddedDepth) {
            embeddedDepth = -1;
        }
        depth--;
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        if (System.nanoTime() - deadline > 0) {
            throw new Stop(true);
        }
        if (heading != null) {
            heading.append(ch, start, length);
            return;
        }
        int room = maxCharacters - characters;
        int kept = Math.min(room, length);
        target().append(ch, start, kept);
        characters += kept;
        if (kept < length) {
            truncated = true;
            throw new Stop(false);
        }
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        characters(ch, start, length);
    }

    private StringBuilder target() {
        return page != null ? page : outside;
    }

    /** The pages and sheets read, the one being read when the parse stopped included. */
    List<Page> pages() {
        List<Page> all = new ArrayList<>(pages);
        if (page != null) {
            all.add(new Page(pageHeading, page.toString()));
        }
        return all;
    }

    /** The text outside any page: a Word document's body. */
    String outside() {
        return outside.toString();
    }

    boolean truncated() {
        return truncated;
    }

    private static String name(String localName, String qName) {
        return localName == null || localName.isEmpty() ? qName : localName;
    }
}
