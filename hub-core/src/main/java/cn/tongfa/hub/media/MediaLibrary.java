package cn.tongfa.hub.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import cn.tongfa.hub.HubSettings;
import cn.tongfa.hub.agency.AgencyDirectory;
import cn.tongfa.hub.agency.HubUser;
import cn.tongfa.hub.web.ApiException;
import cn.tongfa.hub.web.ByteSizes;

/**
 * The agencies' media library: uploads checked by their bytes, stored once per agency and content, served at
 * {@code /media/{id}}. Which files are public follows from the items that use them ({@link #isPublic}).
 */
@Service
public class MediaLibrary {

    private static final Logger log = LoggerFactory.getLogger(MediaLibrary.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NAME_MAX = 255;
    private static final java.util.regex.Pattern HUB_PATH =
            java.util.regex.Pattern.compile("/media/([0-9a-z]{8,32})(?:[?#].*)?");

    private final MediaRepository media;
    private final MediaStore store;
    private final MediaTypes types;
    private final MediaSigner signer;
    private final MediaSettings settings;
    private final AgencyDirectory agencies;
    private final TransactionTemplate transactions;
    private final HubSettings hub;
    private final Clock clock;

    MediaLibrary(MediaRepository media, MediaStore store, MediaSigner signer, MediaSettings settings,
            AgencyDirectory agencies, TransactionTemplate transactions, HubSettings hub, Clock clock) {
        this.media = media;
        this.store = store;
        this.types = new MediaTypes(settings.maxDocumentSize().toBytes(), settings.zipMaxEntries());
        this.signer = signer;
        this.settings = settings;
        this.agencies = agencies;
        this.transactions = transactions;
        this.hub = hub;
        this.clock = clock;
    }

    /** A stored upload, and whether it is new or the agency already had these bytes. */
    public record Stored(MediaFile file, boolean created) {
    }

    /**
     * Sniffs (Tika), checks limits, streams to storage, dedups per agency by sha256; ApiException on refusal.
     *
     * @param user the uploader, null when the hub itself stores a file (then no access check is made)
     */
    public MediaFile store(String agency, HubUser user, String originalName, InputStream bytes) {
        return upload(agency, user, originalName, bytes).file();
    }

    /** As {@link #store}, telling a new file from one the agency already had. */
    public Stored upload(String agency, HubUser user, String originalName, InputStream bytes) {
        if (agencies.find(agency).isEmpty()) {
            throw ApiException.notFound("agency.unknown", agency);
        }
        if (user != null && !agencies.canAccess(user, agency)) {
            throw ApiException.forbidden("agency.forbidden", agency);
        }
        String name = cleanName(originalName);
        Path staged = null;
        try {
            Path dir = store.staging();
            staged = dir == null ? Files.createTempFile("tongfa-media-", ".upload")
                    : Files.createTempFile(dir, "upload-", ".part");
            MessageDigest sha256 = sha256();
            long size = copyCapped(new DigestInputStream(bytes, sha256), staged, name);
            if (size == 0) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "media.empty", name);
            }
            MediaTypes.Sniffed sniffed = types.sniff(name, staged);
            long limit = settings.maxSize(sniffed.kind());
            if (size > limit) {
                throw tooLarge(name, size, sniffed.kind(), limit);
            }
            String digest = HexFormat.of().formatHex(sha256.digest());
            Optional<MediaFile> existing = media.findBySha256(agency, digest);
            if (existing.isPresent()) {
                return new Stored(existing.get(), false);
            }
            MediaFile file = new MediaFile(newId(), agency, digest, sniffed.contentType(), sniffed.kind(), size,
                    name, sniffed.width(), sniffed.height(), user == null ? "hub" : user.username(),
                    clock.instant());
            Path bytesToStore = staged;
            try {
                transactions.executeWithoutResult(status -> {
                    try {
                        store.put(file.id(), bytesToStore);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    media.insert(file);
                });
            } catch (DuplicateKeyException sameBytesAtTheSameTime) {
                deleteQuietly(file.id());
                return new Stored(media.findBySha256(agency, digest).orElseThrow(), false);
            } catch (RuntimeException failed) {
                deleteQuietly(file.id());
                throw failed;
            }
            log.info("media {} stored for {}: {} ({}, {} bytes)", file.id(), agency, name, file.contentType(), size);
            return new Stored(file, true);
        } catch (IOException e) {
            throw new UncheckedIOException("media upload " + name, e);
        } finally {
            if (staged != null) {
                try {
                    Files.deleteIfExists(staged);
                } catch (IOException ignored) {
                    // A temporary file left behind: the OS's temp cleaning or the next start removes it.
                }
            }
        }
    }

    /** The file {@code id} if it belongs to {@code agency}; null agency = any (city admin). */
    public Optional<MediaFile> find(String id, String agency) {
        if (id == null || id.isBlank() || id.length() > 32) {
            return Optional.empty();
        }
        return media.find(id).filter(file -> agency == null || file.agency().equals(agency));
    }

    /** The files {@code ids} that exist, in no particular order. */
    public List<MediaFile> findAll(Collection<String> ids) {
        return media.findAll(ids);
    }

    /** The stored bytes; the caller closes the stream. */
    public InputStream open(MediaFile file) {
        try {
            return store.open(file.id());
        } catch (IOException e) {
            throw new UncheckedIOException("media " + file.id(), e);
        }
    }

    /** {@code {public-url}/media/{id}}: works for anyone once an item using the file is published. */
    public String publicUrl(String id) {
        return hub.publicUrl() + "/media/" + id;
    }

    /**
     * The media id a hub address names: {@code /media/{id}} or {@code {public-url}/media/{id}}, with or without a
     * query (a signed address); empty for any other address.
     */
    public Optional<String> idOf(String src) {
        if (src == null) {
            return Optional.empty();
        }
        String path = src.strip();
        String base = hub.publicUrl() + "/media/";
        if (path.startsWith(base)) {
            path = path.substring(base.length() - "/media/".length());
        }
        java.util.regex.Matcher matcher = HUB_PATH.matcher(path);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** {@code {public-url}/media/{id}?exp=..&sig=..}: works for anyone until it expires. */
    public String signedUrl(String id, Duration validity) {
        return publicUrl(id) + "?" + signer.query(id, clock.instant().plus(validity));
    }

    /** How long the signed addresses of item events stay valid ({@code tongfa.media.signed-url-validity}). */
    public Duration signedUrlValidity() {
        return settings.signedUrlValidity();
    }

    /** Whether {@code exp} and {@code sig} sign {@code id} and have not expired. */
    public boolean verifySignature(String id, String exp, String sig) {
        return signer.verify(id, exp, sig);
    }

    /** Public: an item whose current version is published uses the file (as cover, attachment or body image). */
    public boolean isPublic(String id) {
        return media.usedByPublished(id);
    }

    /**
     * Deletes the file, refused while any item uses it: a published page never loses a file, and a draft never
     * points at nothing. The caller has checked that the file is the user's agency's.
     */
    public void delete(MediaFile file, HubUser user) {
        List<String[]> users = media.users(file.id());
        if (!users.isEmpty()) {
            throw ApiException.conflict("media.inUse", file.originalName(), users.get(0)[0], users.size());
        }
        transactions.executeWithoutResult(status -> {
            media.delete(file.id());
            if (store instanceof DatabaseMediaStore) {
                deleteQuietly(file.id());
            }
        });
        if (!(store instanceof DatabaseMediaStore)) {
            deleteQuietly(file.id());
        }
        log.info("media {} of {} deleted by {}", file.id(), file.agency(), user.username());
    }

    Instant now() {
        return clock.instant();
    }

    MediaSettings settings() {
        return settings;
    }

    private long copyCapped(InputStream in, Path target, String name) throws IOException {
        long max = settings.maxSize();
        try (InputStream source = in; OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            long copied = 0;
            for (int n; (n = source.read(buffer)) > 0; ) {
                copied += n;
                if (copied > max) {
                    MediaKind larger = settings.maxDocumentSize().toBytes() >= settings.maxImageSize().toBytes()
                            ? MediaKind.DOCUMENT : MediaKind.IMAGE;
                    throw tooLarge(name, copied, larger, max);
                }
                out.write(buffer, 0, n);
            }
            return copied;
        }
    }

    private ApiException tooLarge(String name, long size, MediaKind kind, long limit) {
        return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE,
                kind == MediaKind.IMAGE ? "media.tooLarge.image" : "media.tooLarge.document", name, megabytes(limit));
    }

    private void deleteQuietly(String id) {
        try {
            store.delete(id);
        } catch (IOException | RuntimeException e) {
            log.warn("media {}: stored bytes not removed: {}", id, e.toString());
        }
    }

    static String megabytes(long bytes) {
        return ByteSizes.readable(bytes);
    }

    /** The name as uploaded, without a client's path, control characters or more than 255 characters. */
    public static String cleanName(String original) {
        String name = original == null ? "" : original;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[\\p{Cntrl}\"]", "").strip();
        if (name.isEmpty()) {
            name = "未命名";
        }
        if (name.codePointCount(0, name.length()) > NAME_MAX) {
            name = name.substring(0, name.offsetByCodePoints(0, NAME_MAX));
        }
        return name;
    }

    /** 16 lower-case base-36 characters: time-ordered for the index, random in the tail so none can be guessed. */
    private String newId() {
        String time = Long.toString(clock.millis(), 36);
        StringBuilder id = new StringBuilder(20);
        id.append("0".repeat(Math.max(0, 9 - time.length()))).append(time);
        while (id.length() < 20) {
            id.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return id.toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
