package cn.tongfa.hub.item;

import java.util.List;

import org.springframework.stereotype.Component;

/** Content checks of an item (wired to cn.tongfa.hub.content). */
@Component
class ItemContent {

    record Checked(String bodyHtml, List<String> warnings) {
    }

    Checked prepare(ItemRequest request, List<String> channels, boolean forPublication) {
        return new Checked(request.bodyHtml(), List.of());
    }

    void recheck(Item item, boolean forPublication) {
    }
}
