package cn.tongfa.connector.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

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
            throw new RetriableDeliveryException(null, "读取媒体文件 " + media.id() + " 失败（" + e + "）", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableDeliveryException(null, "读取媒体文件 " + media.id() + " 时被中断", e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 403 || status == 404 || status == 410) {
                throw new PermanentDeliveryException("HTTP " + status, "枢纽拒绝提供媒体文件 " + media.id() + "（HTTP "
                        + status + "）：文件可能已被删除，或签名地址已过期");
            }
            if (status != 200) {
                throw new RetriableDeliveryException("HTTP " + status, "读取媒体文件 " + media.id() + " 失败（HTTP "
                        + status + "）", null);
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw tooLarge(media, maxBytes);
            }
            return readAtMost(body, maxBytes, media);
        } catch (IOException e) {
            throw new RetriableDeliveryException(null, "读取媒体文件 " + media.id() + " 失败（" + e + "）", e);
        }
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
}
