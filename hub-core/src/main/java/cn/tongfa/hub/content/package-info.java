/**
 * The content checks an item passes before it is submitted for review and again before publication.
 *
 * <p>{@link cn.tongfa.hub.content.ContentCheck} is the feature's API: it takes a {@link
 * cn.tongfa.hub.content.ContentInput}, answers a {@link cn.tongfa.hub.content.ContentReport} with the sanitised
 * body, the {@link cn.tongfa.hub.content.ContentProblem problems} that block the item and the warnings that do
 * not. The text of attachments comes from {@link cn.tongfa.hub.content.AttachmentReader} (Tika's parsers, and
 * an OFD reader of our own), kept per media file by {@link cn.tongfa.hub.content.AttachmentTexts}, and enters
 * the check as {@link cn.tongfa.hub.content.AttachmentText} (docs/attachment-checks.md). Everything else here is
 * package-private.
 *
 * <p>Conventions shared by every check:
 * <ul>
 * <li>Lengths count Unicode code points, one per character, as an editor counts 字. Titles and overrides are
 * counted after stripping leading and trailing white space, digests and Weibo text after collapsing white space
 * (as the connectors do before sending).</li>
 * <li>Positions in messages ("第N个字符") are 1-based code-point positions in the text as the reader sees it:
 * for the body, the text of the sanitised HTML with tags removed, entities decoded, white space collapsed to one
 * space and a line break at every block element ({@code p}, {@code div}, {@code br}, {@code li}, table cells,
 * headings…). Inline tags join their neighbours, so {@code 1234<b>5678</b>} reads {@code 12345678} and a number
 * split by bold or a link is still found; a number split across two paragraphs or table cells is not, because
 * the reader does not see it as one.</li>
 * <li>Personal data is never logged or echoed whole: findings carry only a masked form.</li>
 * </ul>
 */
package cn.tongfa.hub.content;
