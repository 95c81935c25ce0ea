package cn.tongfa.connector.runtime;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import cn.tongfa.connector.api.ChannelConnector;
import cn.tongfa.connector.api.DeliveryException;
import cn.tongfa.connector.api.DeliveryReceipt;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.Lookup;

/**
 * The channel in the worker tests: answers each item's calls from a script (success when the script is used
 * up) and records every call it receives.
 */
final class FakeConnector implements ChannelConnector {

    /** One scripted answer to {@link #deliver(ItemEvent)}. */
    interface Step {
        DeliveryReceipt answer(ItemEvent event) throws DeliveryException;
    }

    enum Kind { DELIVER, LOOKUP }

    record Call(Kind kind, String itemId, int version, String eventId) {
    }

    private final String channel;
    private final Map<String, Queue<Step>> deliveries = new ConcurrentHashMap<>();
    private final Map<String, Queue<Lookup>> lookups = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    FakeConnector(String channel) {
        this.channel = channel;
    }

    static DeliveryReceipt receipt(ItemEvent event) {
        return new DeliveryReceipt("ref-" + event.itemId() + "-v" + event.version(),
                "https://www.example.gov.cn/posts/" + event.itemId() + "-v" + event.version());
    }

    FakeConnector onDeliver(String itemId, Step... steps) {
        deliveries.computeIfAbsent(itemId, id -> new ConcurrentLinkedQueue<>()).addAll(List.of(steps));
        return this;
    }

    FakeConnector onLookup(String itemId, Lookup... answers) {
        lookups.computeIfAbsent(itemId, id -> new ConcurrentLinkedQueue<>()).addAll(List.of(answers));
        return this;
    }

    List<Call> calls(String itemId) {
        return calls.stream().filter(call -> call.itemId().equals(itemId)).toList();
    }

    List<Kind> kinds(String itemId) {
        return calls(itemId).stream().map(Call::kind).toList();
    }

    long deliverCalls(String itemId) {
        return calls(itemId).stream().filter(call -> call.kind() == Kind.DELIVER).count();
    }

    List<Call> allCalls() {
        return List.copyOf(calls);
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public DeliveryReceipt deliver(ItemEvent event) throws DeliveryException {
        calls.add(new Call(Kind.DELIVER, event.itemId(), event.version(), event.eventId()));
        Queue<Step> script = deliveries.get(event.itemId());
        Step step = script == null ? null : script.poll();
        return step == null ? receipt(event) : step.answer(event);
    }

    @Override
    public Lookup lookup(ItemEvent event) {
        calls.add(new Call(Kind.LOOKUP, event.itemId(), event.version(), event.eventId()));
        Queue<Lookup> script = lookups.get(event.itemId());
        Lookup answer = script == null ? null : script.poll();
        return answer == null ? Lookup.unknown("no look-up scripted for " + event.itemId()) : answer;
    }
}
