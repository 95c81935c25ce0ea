package cn.tongfa.hub.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** A free TCP port on localhost, for a hub started on a known port (its connectors must know it up front). */
public final class FreePort {

    private FreePort() {
    }

    public static int find() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
