package cn.tongfa.sandbox;

import java.util.List;

/**
 * A channel whose posts are not received over HTTP but found elsewhere (the portal's pages on disk).
 * When a bean of this type exists for a channel, {@code GET /sandbox/{channel}/posts} asks it instead of
 * the recorder.
 */
public interface SandboxPostSource {

    String channel();

    List<SandboxPost> posts();

    void clear();
}
