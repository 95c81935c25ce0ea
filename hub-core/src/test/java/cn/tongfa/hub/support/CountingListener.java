package cn.tongfa.hub.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain TCP listener that counts every connection it accepts (whether or not an HTTP request follows) and
 * answers each with what {@link Answer} writes. Bound to the wildcard address it sees IPv4 and IPv6 loopback
 * alike, so "no connection" means none by any spelling of the address.
 */
public final class CountingListener implements AutoCloseable {

    /** Writes the answer on the connection; the request head has been read. */
    public interface Answer {
        void write(Socket socket, OutputStream out) throws Exception;
    }

    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-listener");
        thread.setDaemon(true);
        return thread;
    });

    private CountingListener(ServerSocket server, Answer answer) {
        this.server = server;
        threads.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    accepted.incrementAndGet();
                    threads.execute(() -> serve(socket, answer));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** On every address of the machine (IPv4 and IPv6). */
    public static CountingListener onAll(Answer answer) throws IOException {
        return new CountingListener(new ServerSocket(0), answer);
    }

    public static CountingListener on(String address, Answer answer) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        return new CountingListener(server, answer);
    }

    public int port() {
        return server.getLocalPort();
    }

    public int accepted() {
        return accepted.get();
    }

    private static void serve(Socket socket, Answer answer) {
        try (socket) {
            readHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            answer.write(socket, out);
            out.flush();
        } catch (Exception e) {
            // The client hung up (as it should past a cap or a deadline).
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int state = 0;
        int read;
        while (state < 4 && (read = in.read()) >= 0) {
            state = (read == '\r' && (state == 0 || state == 2)) || (read == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
        }
    }

    public static void respond(OutputStream out, String statusLine, String headers, byte[] body) throws IOException {
        out.write(("HTTP/1.1 " + statusLine + "\r\n" + headers + "Content-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
