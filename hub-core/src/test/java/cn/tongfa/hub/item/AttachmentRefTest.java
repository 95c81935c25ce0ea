package cn.tongfa.hub.item;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/** Attachments in a request: the ids of API.md, or objects with the name readers see, mixed freely. */
class AttachmentRefTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void anIdAloneOrAnObjectWithADisplayName() {
        ItemRequest request = json.readValue("""
                {"agency": "xfj", "title": "t", "bodyHtml": "<p>b</p>",
                 "attachments": ["m1", {"id": "m2", "name": "附件2 报名表.docx"}, {"id": "m3"}]}
                """, ItemRequest.class);
        assertThat(request.attachments()).containsExactly(new AttachmentRef("m1", null),
                new AttachmentRef("m2", "附件2 报名表.docx"), new AttachmentRef("m3", null));
    }
}
