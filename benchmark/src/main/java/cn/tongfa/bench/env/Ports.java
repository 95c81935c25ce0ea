package cn.tongfa.bench.env;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free local ports for the processes the benchmark starts. */
public final class Ports {

    private Ports() {
    }

    public static int free() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
