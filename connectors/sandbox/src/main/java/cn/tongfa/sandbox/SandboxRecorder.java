package cn.tongfa.sandbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** Keeps every post the simulators accepted, per channel, in arrival order. Thread-safe. */
public class SandboxRecorder {

    private final Map<String, List<SandboxPost>> posts = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    /** Posts recorded by the current thread, so that a simulator can tell whether the request it serves posted. */
    private final ThreadLocal<long[]> recordedHere = ThreadLocal.withInitial(() -> new long[1]);
    private final Clock clock;

    public SandboxRecorder(Clock clock) {
        this.clock = clock;
    }

    public SandboxPost record(String channel, String postId, String itemId, String title, String text, String url,
            Map<String, Object> detail) {
        SandboxPost post = new SandboxPost(seq.incrementAndGet(), channel, postId, itemId, title, text, url,
                clock.instant(), false, detail == null ? Map.of() : Map.copyOf(detail));
        List<SandboxPost> list = list(channel);
        synchronized (list) {
            list.add(post);
        }
        recordedHere.get()[0]++;
        return post;
    }

    /**
     * How many posts the calling thread has recorded so far: compared before and after serving a request, it tells
     * whether that request made the channel hold a new post.
     */
    public long recordedByThisThread() {
        return recordedHere.get()[0];
    }

    public List<SandboxPost> posts(String channel) {
        List<SandboxPost> list = list(channel);
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    public Optional<SandboxPost> find(String channel, Predicate<SandboxPost> test) {
        return posts(channel).stream().filter(test).findFirst();
    }

    /** Marks the post as withdrawn; answers whether it existed and was live. */
    public boolean markDeleted(String channel, String postId) {
        List<SandboxPost> list = list(channel);
        synchronized (list) {
            for (int i = 0; i < list.size(); i++) {
                SandboxPost post = list.get(i);
                if (post.postId().equals(postId) && !post.deleted()) {
                    list.set(i, post.asDeleted());
                    return true;
                }
            }
        }
        return false;
    }

    public void clear(String channel) {
        List<SandboxPost> list = list(channel);
        synchronized (list) {
            list.clear();
        }
    }

    private List<SandboxPost> list(String channel) {
        return posts.computeIfAbsent(channel, c -> new ArrayList<>());
    }
}
