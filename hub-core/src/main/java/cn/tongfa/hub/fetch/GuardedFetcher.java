package cn.tongfa.hub.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.SocketFactory;

import org.springframework.stereotype.Component;

import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The one client for outbound fetches that user content can steer (an {@code <img src>} an editor pasted), so
 * that the hub cannot be turned against its own network (SSRF).
 *
 * <ul>
 * <li>http and https only, at every hop.</li>
 * <li>The host is resolved once and every address checked ({@link AddressPolicy}: private, loopback,
 * link-local, multicast, unspecified, CGNAT, benchmarking, reserved; IPv4 and IPv6 with their IPv4-carrying
 * forms); a name with one forbidden address is refused whole. Hosts written as numbers ({@code 127.1},
 * {@code 0x7f000001}, {@code 2130706433}, {@code 0177.0.0.1}) are read the way the C resolver would read them,
 * and then connected to as the plain address that was checked.</li>
 * <li>The connection goes only to the addresses that passed: OkHttp's {@link Dns} hands them over and the
 * socket factory checks the address again at {@code connect}, so there is no second resolution for a DNS
 * rebinding to exploit and no path around the check (no proxy, either).</li>
 * <li>Redirects are not followed by the client: each of at most {@value ImportSettings#MAX_REDIRECTS} hops is
 * checked like the first address, scheme included.</li>
 * <li>Size cap while streaming (reading stops at the cap, and a declared length over it is refused unread);
 * connect, read and whole-fetch time caps.</li>
 * </ul>
 *
 * <p>OkHttp rather than the JDK client because only OkHttp lets the caller resolve the name (its {@link Dns}
 * hook) while still speaking TLS to the name: the JDK client resolves by itself, and connecting it to a checked
 * IP literal instead breaks certificate checks and the {@code Host} header, a restricted header there.
 */
@Component
public class GuardedFetcher {

    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");
    private static final String USER_AGENT = "Tongfa-ImageImport/1.0";

    private final ImportSettings settings;
    private final AddressPolicy policy;
    private final OkHttpClient client;

    public GuardedFetcher(ImportSettings settings) {
        this.settings = settings;
        this.policy = AddressPolicy.allowing(settings.allowedNetworks());
        this.client = new OkHttpClient.Builder()
                .proxy(Proxy.NO_PROXY)
                .dns(this::resolve)
                .socketFactory(new GuardedSocketFactory())
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .connectionPool(new ConnectionPool(2, 30, TimeUnit.SECONDS))
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                .build();
    }

    /**
     * Fetches an image (JPEG, PNG, GIF or WebP by its first bytes) into a temporary file.
     *
     * @throws FetchRefused with the reason, in words that say nothing of what the far side answered
     */
    public FetchedImage fetchImage(String url) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        try (Response response = open(url, deadline)) {
            ResponseBody body = response.body();
            String declared = response.header("Content-Type");
            if (declared != null && !mayBeImage(declared)) {
                throw new FetchRefused(FetchRefused.Reason.NOT_IMAGE, url);
            }
            long max = settings.maxSize().toBytes();
            if (body.contentLength() > max) {
                throw new FetchRefused(FetchRefused.Reason.TOO_LARGE, url, settings.maxSizeLabel());
            }
            Path file = Files.createTempFile("tongfa-import-", ".img");
            try {
                long size;
                byte[] head = new byte[12];
                int headLength;
                try (InputStream in = body.byteStream(); OutputStream out = Files.newOutputStream(file)) {
                    headLength = in.readNBytes(head, 0, head.length);
                    out.write(head, 0, headLength);
                    size = headLength + copy(in, out, max - headLength);
                }
                if (size > max) {
                    throw new FetchRefused(FetchRefused.Reason.TOO_LARGE, url, settings.maxSizeLabel());
                }
                String type = imageType(head, headLength);
                if (type == null) {
                    throw new FetchRefused(FetchRefused.Reason.NOT_IMAGE, url);
                }
                return new FetchedImage(url, file, type, size, name(response.request().url(), type));
            } catch (RuntimeException | IOException e) {
                Files.deleteIfExists(file);
                throw e;
            }
        } catch (IOException e) {
            throw refusal(url, e);
        }
    }

    /** The answer to a GET of {@code url} after the allowed redirects, successful (2xx); the caller closes it. */
    private Response open(String url, long deadline) throws IOException {
        HttpUrl current = parse(url, url);
        for (int hop = 0; ; hop++) {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remaining <= 0) {
                throw new FetchRefused(FetchRefused.Reason.TIMEOUT, url);
            }
            Request request = new Request.Builder().url(checked(current, url)).get()
                    .header("User-Agent", USER_AGENT)
                    .header("Accept", "image/*")
                    .build();
            Call call = client.newCall(request);
            call.timeout().timeout(remaining, TimeUnit.MILLISECONDS);
            Response response = call.execute();
            if (response.isRedirect()) {
                String location = response.header("Location");
                response.close();
                if (location == null || location.isBlank()) {
                    throw new FetchRefused(FetchRefused.Reason.NO_IMAGE, url);
                }
                if (hop >= ImportSettings.MAX_REDIRECTS) {
                    throw new FetchRefused(FetchRefused.Reason.TOO_MANY_REDIRECTS, url);
                }
                current = parseRelative(current, location.strip(), url);
                continue;
            }
            if (!response.isSuccessful()) {
                response.close();
                throw new FetchRefused(FetchRefused.Reason.NO_IMAGE, url);
            }
            return response;
        }
    }

    private static HttpUrl parse(String target, String url) {
        Matcher scheme = SCHEME.matcher(target);
        if (!scheme.find()) {
            throw new FetchRefused(FetchRefused.Reason.MALFORMED, url);
        }
        requireWebScheme(scheme.group(1), url);
        HttpUrl parsed = HttpUrl.parse(target);
        if (parsed == null) {
            throw new FetchRefused(FetchRefused.Reason.MALFORMED, url);
        }
        return parsed;
    }

    private static HttpUrl parseRelative(HttpUrl base, String location, String url) {
        Matcher scheme = SCHEME.matcher(location);
        if (scheme.find()) {
            return parse(location, url);
        }
        HttpUrl resolved = base.resolve(location);
        if (resolved == null) {
            throw new FetchRefused(FetchRefused.Reason.MALFORMED, url);
        }
        return resolved;
    }

    private static void requireWebScheme(String scheme, String url) {
        String lower = scheme.toLowerCase(Locale.ROOT);
        if (!lower.equals("http") && !lower.equals("https")) {
            throw new FetchRefused(FetchRefused.Reason.SCHEME, url);
        }
    }

    /**
     * The URL to request: a host written as an address (IPv6, or IPv4 in any numeric spelling) is checked here and
     * written as the plain address that was checked, since OkHttp hands such hosts to the JDK without asking the
     * {@link Dns}; a name is checked by {@link #resolve} when OkHttp connects.
     */
    private HttpUrl checked(HttpUrl target, String url) {
        String host = target.host();
        InetAddress literal;
        try {
            literal = host.indexOf(':') >= 0 ? InetAddress.getByName(host) : AddressPolicy.numericIpv4(host);
        } catch (IllegalArgumentException | UnknownHostException e) {
            throw new FetchRefused(FetchRefused.Reason.MALFORMED, url);
        }
        if (literal == null) {
            return target;
        }
        if (!policy.permits(literal)) {
            throw new FetchRefused(FetchRefused.Reason.FORBIDDEN, url);
        }
        return target.newBuilder().host(literal.getHostAddress()).build();
    }

    private List<InetAddress> resolve(String host) throws UnknownHostException {
        if (host.indexOf(':') >= 0 || AddressPolicy.numericIpv4(host) != null) {
            // checked() rewrote every literal; a literal here would mean a path around it.
            throw new Forbidden(host);
        }
        // "localhost." is "localhost": the resolver may not know the fully qualified spelling.
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        List<InetAddress> addresses = List.of(InetAddress.getAllByName(name));
        for (InetAddress address : addresses) {
            if (!policy.permits(address)) {
                throw new Forbidden(host);
            }
        }
        return addresses;
    }

    /** The last line: whatever chose the address, the socket connects only to a permitted one. */
    private final class GuardedSocketFactory extends SocketFactory {

        @Override
        public Socket createSocket() {
            return new Socket() {
                @Override
                public void connect(SocketAddress endpoint, int timeout) throws IOException {
                    if (!(endpoint instanceof InetSocketAddress address) || address.isUnresolved()
                            || !policy.permits(address.getAddress())) {
                        throw new Forbidden(String.valueOf(endpoint));
                    }
                    super.connect(endpoint, timeout);
                }
            };
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            Socket socket = createSocket();
            socket.connect(new InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            Socket socket = createSocket();
            socket.bind(new InetSocketAddress(localHost, localPort));
            socket.connect(new InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            Socket socket = createSocket();
            socket.connect(new InetSocketAddress(host, port));
            return socket;
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            Socket socket = createSocket();
            socket.bind(new InetSocketAddress(localAddress, localPort));
            socket.connect(new InetSocketAddress(address, port));
            return socket;
        }
    }

    /** An address the policy refuses; an {@link UnknownHostException} because that is what {@link Dns} may throw. */
    private static final class Forbidden extends UnknownHostException {

        Forbidden(String what) {
            super("address not permitted: " + what);
        }
    }

    private static FetchRefused refusal(String url, IOException e) {
        if (isForbidden(e)) {
            return new FetchRefused(FetchRefused.Reason.FORBIDDEN, url);
        }
        if (e instanceof UnknownHostException) {
            return new FetchRefused(FetchRefused.Reason.UNRESOLVED, url);
        }
        if (e instanceof InterruptedIOException) {
            // SocketTimeoutException (connect or read) and OkHttp's whole-call timeout alike.
            return new FetchRefused(FetchRefused.Reason.TIMEOUT, url);
        }
        return new FetchRefused(FetchRefused.Reason.UNREACHABLE, url);
    }

    private static boolean isForbidden(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Forbidden) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (isForbidden(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        // One byte past the limit tells "exactly at the cap" from "over it" without reading further.
        while (total <= limit) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, limit + 1 - total));
            if (read < 0) {
                break;
            }
            out.write(buffer, 0, read);
            total += read;
        }
        return total;
    }

    private static boolean mayBeImage(String declared) {
        String type = declared.toLowerCase(Locale.ROOT).strip();
        // Servers label images loosely; the bytes decide. A page or a script announced as such is not an image.
        return type.startsWith("image/") || type.startsWith("application/octet-stream")
                || type.startsWith("binary/octet-stream") || type.isEmpty();
    }

    static String imageType(byte[] head, int length) {
        if (length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return "image/jpeg";
        }
        if (length >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G'
                && head[4] == 0x0d && head[5] == 0x0a && head[6] == 0x1a && head[7] == 0x0a) {
            return "image/png";
        }
        if (length >= 6 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8'
                && (head[4] == '7' || head[4] == '9') && head[5] == 'a') {
            return "image/gif";
        }
        if (length >= 12 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F' && head[8] == 'W'
                && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
            return "image/webp";
        }
        return null;
    }

    private static String name(HttpUrl url, String type) {
        List<String> segments = url.pathSegments();
        String last = segments.isEmpty() ? "" : segments.get(segments.size() - 1).strip();
        String extension = switch (type) {
            case "image/jpeg" -> ".jpg";
            case "image/png" -> ".png";
            case "image/gif" -> ".gif";
            default -> ".webp";
        };
        if (last.isEmpty() || last.length() > 100) {
            return "外部图片" + extension;
        }
        return last.contains(".") ? last : last + extension;
    }
}
