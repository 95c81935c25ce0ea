package cn.tongfa.hub.ui;

import java.util.List;

import cn.tongfa.hub.item.Item;

/** One line of the status board. */
record BoardRow(Item item, String agencyName, List<ChannelState> channels) {

    boolean unsettled() {
        return channels.stream().anyMatch(c -> c.status() != null && UiFormat.UNSETTLED.contains(c.status()));
    }
}
