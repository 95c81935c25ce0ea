package cn.tongfa.hub.item;

/**
 * One attachment of an item as the request names it: a media id and the name readers see, which the editor may
 * have changed from the uploaded file's name.
 *
 * @param name the displayed name; null or blank means the file's original name
 */
public record AttachmentRef(String id, String name) {
}
