package cn.tongfa.hub.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.security.SignedIn;
import cn.tongfa.hub.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code GET /media/{id}}: the bytes, to anyone while a published item uses the file; otherwise to signed-in users
 * of its agency and to holders of a signed address that has not expired. Range requests are answered by Spring
 * MVC from the {@link Resource}, whose stream skips cheaply in either store.
 */
@RestController
@Tag(name = "media")
class MediaServing {

    private final MediaLibrary library;

    MediaServing(MediaLibrary library) {
        this.library = library;
    }

    @GetMapping("/media/{id}")
    @Operation(summary = "媒体文件的内容", description = "已发布信息使用的文件对所有人公开；其余的只对本机构已登录用户或带有效签名"
            + "（exp、sig）的地址开放。支持 Range 请求。")
    ResponseEntity<Resource> serve(@PathVariable String id, @RequestParam(required = false) String exp,
            @RequestParam(required = false) String sig, WebRequest request) {
        MediaFile file = library.find(id, null).orElse(null);
        boolean isPublic = file != null && library.isPublic(id);
        if (!isPublic) {
            if (exp != null || sig != null) {
                // Checked before anything is said about the file, so that a bad signature tells nothing.
                if (!library.verifySignature(id, exp, sig)) {
                    throw ApiException.forbidden("media.badSignature");
                }
            } else if (file == null || !mayRead(file)) {
                throw ApiException.notFound("media.unknown", id);
            }
        }
        if (file == null) {
            throw ApiException.notFound("media.unknown", id);
        }
        String etag = "\"" + file.sha256() + "\"";
        CacheControl cache = isPublic
                ? CacheControl.maxAge(library.settings().publicMaxAge()).cachePublic()
                : CacheControl.noStore().cachePrivate();
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(cache).build();
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(file.contentType()))
                .eTag(etag)
                .cacheControl(cache)
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition(file))
                .header(HttpHeaders.ACCEPT_RANGES, "bytes")
                .header("X-Content-Type-Options", "nosniff")
                .body(new StoredResource(library, file));
    }

    private static boolean mayRead(MediaFile file) {
        HubUser user = SignedIn.user().orElse(null);
        return user != null && (user.isCityAdmin() || file.agency().equals(user.agency()));
    }

    /**
     * RFC 6266: the original name in {@code filename*} (UTF-8, percent-encoded) and an ASCII stand-in in
     * {@code filename} for clients that know only that. Images open in the browser, documents download.
     */
    static String disposition(MediaFile file) {
        String name = file.originalName();
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")
                .replace("*", "%2A");
        String ascii = name.replaceAll("[^\\x20-\\x7e]", "_").replace("\\", "_").replace("\"", "_");
        return (file.isImage() ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + encoded;
    }

    /** The stored bytes with their known length, opened anew for every read. */
    private static final class StoredResource extends AbstractResource {

        private final MediaLibrary library;
        private final MediaFile file;

        StoredResource(MediaLibrary library, MediaFile file) {
            this.library = library;
            this.file = file;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return library.open(file);
        }

        @Override
        public long contentLength() {
            return file.size();
        }

        @Override
        public boolean exists() {
            return true;
        }

        @Override
        public String getDescription() {
            return "media " + file.id();
        }
    }
}
