package cn.tongfa.hub.content;

import java.util.List;

/**
 * The text of one attachment as the content checks see it: its pages (PDF, OFD), sheets (XLS/XLSX/ET) or body
 * (DOC/DOCX/WPS), each labelled as an editor finds it in the file.
 *
 * @param name       the attachment's name as the item shows it, e.g. {@code 公示名单.pdf}
 * @param parts      the readable parts in document order; empty when {@code unreadable}
 * @param unreadable why no text could be read at all (encrypted, damaged, scanned images only…), or null
 * @param truncated  the text was longer than the reader's limit: only the parts given were read
 */
public record AttachmentText(String name, List<Part> parts, String unreadable, boolean truncated) {

    /**
     * One page, sheet or body of an attachment.
     *
     * @param label      where it is, in the words of a message: {@code 第 2 页}, {@code 工作表“名单”}, {@code 正文}
     * @param text       its plain text, lines and table cells kept apart by line breaks and tabs
     * @param unreadable why this part has no text (a scanned page among text pages), or null
     */
    public record Part(String label, String text, String unreadable) {

        public Part {
            // NUL is never text a reader sees, and PostgreSQL's text type refuses it.
            text = text == null ? "" : text.replace('\u0000', ' ');
        }

        public static Part of(String label, String text) {
            return new Part(label, text, null);
        }
    }

    public AttachmentText {
        parts = parts == null ? List.of() : List.copyOf(parts);
    }

    public static AttachmentText readable(String name, List<Part> parts, boolean truncated) {
        return new AttachmentText(name, parts, null, truncated);
    }

    public static AttachmentText unreadable(String name, String reason) {
        return new AttachmentText(name, List.of(), reason, false);
    }

    /** The same text under another name (the extracted text is kept per file, the name per item). */
    public AttachmentText named(String newName) {
        return new AttachmentText(newName, parts, unreadable, truncated);
    }
}
