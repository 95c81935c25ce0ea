package cn.tongfa.hub.content;

import java.util.List;
import java.util.Set;

import org.owasp.html.HtmlSanitizer;

/**
 * The text of an HTML fragment as a reader sees it: tags removed, entities decoded, white space collapsed, a
 * line break at every block element. Inline elements join their neighbours, so {@code 1234<b>5678</b>} reads
 * {@code 12345678}. Script, style and template content is not text.
 */
final class HtmlText {

    private static final Set<String> BLOCKS = Set.of("address", "article", "aside", "blockquote", "br", "caption",
            "dd", "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
            "hr", "iframe", "img", "li", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th",
            "thead", "tr", "ul");
    private static final Set<String> NOT_TEXT = Set.of("script", "style", "template", "title", "head");

    private HtmlText() {
    }

    static String of(String html) {
        if (html == null || html.isEmpty()) {
            return "";
        }
        Collector collector = new Collector();
        HtmlSanitizer.sanitize(html, collector);
        return collector.text();
    }

    private static final class Collector implements HtmlSanitizer.Policy {

        private final StringBuilder text = new StringBuilder();
        private boolean pendingSpace;
        private int hidden;

        @Override
        public void openDocument() {
        }

        @Override
        public void closeDocument() {
        }

        @Override
        public void openTag(String elementName, List<String> attrs) {
            if (NOT_TEXT.contains(elementName)) {
                hidden++;
            } else if (BLOCKS.contains(elementName)) {
                lineBreak();
            }
        }

        @Override
        public void closeTag(String elementName) {
            if (NOT_TEXT.contains(elementName)) {
                hidden = Math.max(0, hidden - 1);
            } else if (BLOCKS.contains(elementName)) {
                lineBreak();
            }
        }

        @Override
        public void text(String chunk) {
            if (hidden > 0) {
                return;
            }
            for (int i = 0; i < chunk.length(); i++) {
                char c = chunk.charAt(i);
                if (Texts.isSpace(c)) {
                    pendingSpace = true;
                } else {
                    if (pendingSpace && !text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
                        text.append(' ');
                    }
                    pendingSpace = false;
                    text.append(c);
                }
            }
        }

        private void lineBreak() {
            pendingSpace = false;
            if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
                text.append('\n');
            }
        }

        String text() {
            return text.toString().strip();
        }
    }
}
