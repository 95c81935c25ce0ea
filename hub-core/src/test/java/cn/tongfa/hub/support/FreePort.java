package cn.tongfa.hub.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free TCP port on localhost, for a hub started on a known port (its connectors must know it up front).
 *
 * <p>The port is taken below Linux's ephemeral range (32768–60999), where the kernel never puts the local end of an
 * outgoing connection: a port asked of the kernel with bind(0) comes from that range, and between the test's
 * choice and the server's bind another process's connection could take it (the fault suite once failed so, with
 * builds running beside it). A port is handed out once per JVM.
 */
public final class FreePort {

    private static final int FROM = 20_000;
    private static final int TO = 32_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePort() {
    }

    public static int find() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FROM, TO);
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + FROM + " and " + TO);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
