package cn.tongfa.connector.wechat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

import cn.tongfa.connector.api.DeliveryException;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.RetriableDeliveryException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** Fetches the images an article needs, and draws the default cover for items that have none. */
final class WechatImages {

    /** An image ready to upload: its bytes and a file name whose extension tells WeChat its type. */
    record Image(byte[] bytes, String fileName) {
    }

    private final OkHttpClient http;

    WechatImages(OkHttpClient http) {
        this.http = http;
    }

    /**
     * Downloads an image.
     *
     * @param what     what the image is, for messages (封面图片, 正文图片)
     * @param maxBytes WeChat's limit for this use
     * @param formats  the formats WeChat takes for this use (jpg, png, gif, bmp)
     */
    Image fetch(String url, String what, long maxBytes, String... formats) throws DeliveryException {
        Request request;
        try {
            request = new Request.Builder().url(url).get().build();
        } catch (IllegalArgumentException e) {
            throw new PermanentDeliveryException(null, what + "地址无效：" + url, e);
        }
        byte[] bytes;
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                // The image may not be on the site yet (the portal publishes at the same time): try again later.
                throw new RetriableDeliveryException("HTTP " + response.code(),
                        what + "下载失败（HTTP " + response.code() + "）：" + url, null);
            }
            ResponseBody body = response.body();
            if (body.contentLength() > maxBytes) {
                throw tooLarge(what, url, maxBytes);
            }
            bytes = read(body.byteStream(), maxBytes, what, url);
        } catch (IOException e) {
            throw new RetriableDeliveryException(null, what + "下载失败（" + e + "）：" + url, e);
        }
        String format = format(bytes);
        for (String allowed : formats) {
            if (allowed.equals(format)) {
                return new Image(bytes, "image." + format);
            }
        }
        throw new PermanentDeliveryException(null, what + "格式不受微信支持（仅支持 " + String.join("、", formats)
                + "）：" + url);
    }

    /** The default cover: a plain 900×383 (2.35:1) JPEG drawn in memory. */
    static Image defaultCover() {
        return DefaultCover.IMAGE;
    }

    /** The image format by its magic bytes: jpg, png, gif, bmp, or empty. */
    static String format(byte[] bytes) {
        if (bytes.length < 4) {
            return "";
        }
        if ((bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8) {
            return "jpg";
        }
        if ((bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return "png";
        }
        if (bytes[0] == 'G' && bytes[1] == 'I' && bytes[2] == 'F') {
            return "gif";
        }
        if (bytes[0] == 'B' && bytes[1] == 'M') {
            return "bmp";
        }
        return "";
    }

    private static byte[] read(InputStream in, long maxBytes, String what, String url)
            throws IOException, PermanentDeliveryException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) != -1) {
            out.write(buffer, 0, n);
            if (out.size() > maxBytes) {
                throw tooLarge(what, url, maxBytes);
            }
        }
        return out.toByteArray();
    }

    private static PermanentDeliveryException tooLarge(String what, String url, long maxBytes) {
        String limit = maxBytes >= 1024 * 1024 ? maxBytes / (1024 * 1024) + "MB" : maxBytes / 1024 + "KB";
        return new PermanentDeliveryException(null, what + "超过微信的大小限制（" + limit + "）：" + url);
    }

    /** Drawn once, on first use. */
    private static final class DefaultCover {
        static final Image IMAGE = draw();

        private static Image draw() {
            BufferedImage image = new BufferedImage(900, 383, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            try {
                g.setPaint(new GradientPaint(0, 0, new Color(0xB7, 0x1C, 0x1C), 900, 383, new Color(0x8E, 0x24, 0x24)));
                g.fillRect(0, 0, 900, 383);
                g.setColor(new Color(0xFF, 0xD5, 0x4F));
                g.fillRect(0, 340, 900, 8);
            } finally {
                g.dispose();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                ImageIO.write(image, "jpg", out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Image(out.toByteArray(), "cover.jpg");
        }
    }
}
