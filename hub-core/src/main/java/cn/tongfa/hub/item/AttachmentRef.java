package cn.tongfa.hub.item;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One attachment of an item request: a media id and the name readers see. In JSON either the id alone (API.md:
 * {@code "attachments": ["m1", "m2"]}) or {@code {"id": "m1", "name": "报名表.docx"}}.
 *
 * @param name the display name; null or blank for the file's original name
 */
public record AttachmentRef(String id, String name) {

    @JsonCreator
    public AttachmentRef(@JsonProperty("id") String id, @JsonProperty("name") String name) {
        this.id = id;
        this.name = name;
    }

    /** An attachment shown under its original file name. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static AttachmentRef of(String id) {
        return new AttachmentRef(id, null);
    }
}
