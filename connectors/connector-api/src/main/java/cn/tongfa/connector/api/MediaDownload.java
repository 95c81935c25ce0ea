package cn.tongfa.connector.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads the bytes of an item's media from the hub, the only place a connector reads files from: an item's body,
 * cover and attachments reference the hub's media library, whose addresses the hub signs itself
 * ({@link ItemSnapshot.Media#fetchUrl()}). Nothing a user typed is ever fetched here; external images were
 * imported by the hub's guarded fetcher when the item was saved.
 *
 * <p>Redirects are not followed, and the answer is read up to the caller's limit and no further.
 */
public final class MediaDownload {

    private final HttpClient http;
    private final Duration timeout;

    public MediaDownload(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A downloader with a 30 s limit per file. */
    public static MediaDownload withDefaults() {
        return new MediaDownload(Duration.ofSeconds(30));
    }

    /**
     * Downloads one file of the hub's media library.
     *
     * @param media    the file
     * @param maxBytes how many bytes the caller can take; a larger file fails permanently, without reading it
     * @throws RetriableDeliveryException when the hub could not be reached or answered with an error (the hub
     *                                    may be restarting; trying again is safe: nothing was posted)
     * @throws PermanentDeliveryException when the file is larger than {@code maxBytes} or the hub refuses it
     */
    public byte[] read(ItemSnapshot.Media media, long maxBytes) throws DeliveryException {
        HttpResponse<InputStream> response = open(media, maxBytes);
        try (InputStream body = response.body()) {
            return readAtMost(body, maxBytes, media);
        } catch (IOException e) {
            throw readFailure(media, e);
        }
    }

    // Sends the request and checks the answer's status and declared length; the caller reads and closes the body.
    private HttpResponse<InputStream> open(ItemSnapshot.Media media, long maxBytes) throws DeliveryException {
        String address = media.fetchUrl() != null ? media.fetchUrl() : media.url();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(address)).timeout(timeout).GET().build();
        } catch (IllegalArgumentException e) {
            throw new PermanentDeliveryException(null, "媒体文件地址无效：" + media.id(), e);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw readFailure(media, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableDeliveryException(null, "读取媒体文件 " + media.id() + " 时被中断", e);
        }
        int status = response.statusCode();
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (status == 403 || status == 404 || status == 410) {
            discard(response);
            throw new PermanentDeliveryException("HTTP " + status, "枢纽拒绝提供媒体文件 " + media.id() + "（HTTP "
                    + status + "）：文件可能已被删除，或签名地址已过期");
        }
        if (status != 200) {
            discard(response);
            throw new RetriableDeliveryException("HTTP " + status, "读取媒体文件 " + media.id() + " 失败（HTTP "
                    + status + "）", null);
        }
        if (declared > maxBytes) {
            discard(response);
            throw tooLarge(media, maxBytes);
        }
        return response;
    }

    private static void discard(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException e) {
            // the answer is refused either way
        }
    }

    private static RetriableDeliveryException readFailure(ItemSnapshot.Media media, IOException e) {
        return new RetriableDeliveryException(null, "读取媒体文件 " + media.id() + " 失败（" + e + "）", e);
    }

    private static byte[] readAtMost(InputStream in, long maxBytes, ItemSnapshot.Media media)
            throws IOException, PermanentDeliveryException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) != -1) {
            if (out.size() + (long) n > maxBytes) {
                throw tooLarge(media, maxBytes);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static PermanentDeliveryException tooLarge(ItemSnapshot.Media media, long maxBytes) {
        return new PermanentDeliveryException(null, "媒体文件 " + media.id() + " 超过 " + maxBytes + " 字节的读取上限");
    }

    /**
     * What {@link #copyTo} wrote.
     *
     * @param size   bytes written
     * @param sha256 their SHA-256, lower-case hex
     */
    public record Copied(long size, String sha256) {
    }

    /**
     * Downloads one file of the hub's media library into {@code target}, streaming: the bytes go to a temporary
     * file in the target's directory, never all into memory, and that file is renamed over the target only when
     * complete and checked. So a reader of {@code target} (a web server) sees the old file or the new one, and a
     * failed download leaves nothing behind. The file gets the permissions the process gives new files.
     *
     * @param media    the file; when it states its size ({@code > 0}) and SHA-256, the copy must match them
     * @param target   where the copy goes; its directory is created when missing
     * @param maxBytes how many bytes the caller takes; a larger file fails permanently, without reading past it
     * @return the size and SHA-256 of what was written
     * @throws RetriableDeliveryException when the hub could not be reached, answered with an error, or the bytes
     *                                    did not match the stated size or digest (a transfer cut short)
     * @throws PermanentDeliveryException when the file is larger than {@code maxBytes} or the hub refuses it
     * @throws IOException                when the target's directory cannot be written
     */
    public Copied copyTo(ItemSnapshot.Media media, Path target, long maxBytes) throws DeliveryException, IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        HttpResponse<InputStream> response = open(media, maxBytes);
        Path temp = directory.resolve("." + target.getFileName() + "."
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".part");
        MessageDigest digest = sha256();
        long written = 0;
        try (InputStream body = response.body()) {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[64 * 1024];
                while (true) {
                    int n;
                    try {
                        n = body.read(buffer);
                    } catch (IOException e) {
                        throw readFailure(media, e);
                    }
                    if (n == -1) {
                        break;
                    }
                    written += n;
                    if (written > maxBytes) {
                        throw tooLarge(media, maxBytes);
                    }
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            String sha256 = HexFormat.of().formatHex(digest.digest());
            if (media.size() > 0 && written != media.size()) {
                throw new RetriableDeliveryException("size-mismatch", "媒体文件 " + media.id() + " 只收到 " + written
                        + " 字节，枢纽登记为 " + media.size() + " 字节：传输可能中断", null);
            }
            if (media.sha256() != null && !media.sha256().equalsIgnoreCase(sha256)) {
                throw new RetriableDeliveryException("sha256-mismatch", "媒体文件 " + media.id()
                        + " 的内容与枢纽登记的 SHA-256 不符：传输可能出错", null);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Copied(written, sha256);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
