package cn.tongfa.hub.ui;

import java.util.ArrayList;
import java.util.List;

import cn.tongfa.hub.delivery.Delivery;

/**
 * One channel of an item on the status board: the state of the delivery of the item's newest version there,
 * or null while nothing has been sent.
 */
record ChannelState(String channel, String status, String url) {

    /** The item's channels in hub order, each with its newest delivery (the ledger lists newest versions first). */
    static List<ChannelState> of(List<String> channels, List<Delivery> deliveries) {
        List<ChannelState> states = new ArrayList<>();
        for (String channel : channels) {
            Delivery newest = deliveries.stream().filter(d -> d.channel().equals(channel)).findFirst().orElse(null);
            states.add(newest == null ? new ChannelState(channel, null, null)
                    : new ChannelState(channel, newest.status(), newest.url()));
        }
        return states;
    }
}
