package cn.tongfa.hub.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.HashMap;

import org.junit.jupiter.api.Test;
import org.springframework.beans.MutablePropertyValues;
import org.springframework.web.bind.WebDataBinder;

import cn.tongfa.hub.item.AttachmentRef;
import cn.tongfa.hub.item.ItemRequest;

class ItemFormTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Test
    void attachmentsGoToTheRequestInTheFormsOrderWithTheirNames() {
        ItemForm form = bind(new MutablePropertyValues()
                .add("title", "通知")
                .add("coverMediaId", " m-cover ")
                .add("attachments[0].id", "m-2")
                .add("attachments[0].name", " 评议细则 ")
                .add("attachments[0].size", "")
                .add("attachments[1].id", "m-1")
                .add("attachments[1].name", "")
                .add("attachments[1].contentType", "application/pdf")
                .add("attachments[1].size", "579"));

        ItemRequest request = form.toRequest(ZONE, new HashMap<>());

        assertThat(request.coverMediaId()).isEqualTo("m-cover");
        assertThat(request.attachments()).containsExactly(new AttachmentRef("m-2", "评议细则"),
                new AttachmentRef("m-1", null));
        assertThat(form.getAttachments().get(1).getSize()).isEqualTo(579L);
    }

    @Test
    void aRowWithoutAnIdIsNoAttachmentAndABlankCoverIsNone() {
        ItemForm form = bind(new MutablePropertyValues()
                .add("coverMediaId", " ")
                .add("attachments[0].name", "孤立的名称")
                .add("attachments[1].id", "m-1"));

        ItemRequest request = form.toRequest(ZONE, new HashMap<>());

        assertThat(request.coverMediaId()).isNull();
        assertThat(request.attachments()).containsExactly(new AttachmentRef("m-1", null));
    }

    private static ItemForm bind(MutablePropertyValues values) {
        ItemForm form = new ItemForm();
        WebDataBinder binder = new WebDataBinder(form, "form");
        binder.bind(values);
        assertThat(binder.getBindingResult().hasErrors()).as("%s", binder.getBindingResult()).isFalse();
        return form;
    }
}
