package cn.tongfa.sandbox.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import cn.tongfa.sandbox.SandboxPost;
import cn.tongfa.sandbox.SandboxPostSource;

/**
 * The simulated portal: the pages the portal connector wrote under {@code tongfa.sandbox.portal.root}, listed
 * as posts. Only pages carrying the {@code tongfa:item-id} meta tag count; other files are left alone.
 */
@Component
@ConditionalOnProperty(prefix = "tongfa.sandbox.portal", name = "root")
class PortalPostSource implements SandboxPostSource {

    private static final Pattern META = Pattern.compile(
            "<meta\\s+name=\"tongfa:(item-id|version)\"\\s+content=\"([^\"]*)\"\\s*/?>");
    private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL);

    private final Path root;

    PortalPostSource(@Value("${tongfa.sandbox.portal.root}") Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String channel() {
        return "portal";
    }

    @Override
    public List<SandboxPost> posts() {
        List<Page> pages = pages();
        List<SandboxPost> posts = new ArrayList<>(pages.size());
        long seq = 0;
        for (Page page : pages) {
            String relative = relative(page.file());
            posts.add(new SandboxPost(++seq, channel(), relative, page.itemId(), page.title(), null, relative,
                    page.modified(), false, page.version() == null ? Map.of() : Map.of("version", page.version())));
        }
        return posts;
    }

    @Override
    public void clear() {
        for (Page page : pages()) {
            try {
                Files.deleteIfExists(page.file());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private record Page(Path file, String itemId, String version, String title, Instant modified) {
    }

    private List<Page> pages() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".html"))
                    .filter(Files::isRegularFile)
                    .map(this::read)
                    .flatMap(Optional::stream)
                    .sorted(Comparator.comparing(Page::modified).thenComparing(page -> relative(page.file())))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // A page may be replaced or deleted while the directory is walked: such a page is simply skipped.
    private Optional<Page> read(Path file) {
        try {
            Instant modified = Files.getLastModifiedTime(file).toInstant();
            String html = Files.readString(file, StandardCharsets.UTF_8);
            String itemId = null;
            String version = null;
            Matcher meta = META.matcher(html);
            while (meta.find()) {
                if (meta.group(1).equals("item-id")) {
                    itemId = meta.group(2);
                } else {
                    version = meta.group(2);
                }
            }
            if (itemId == null) {
                return Optional.empty();
            }
            Matcher title = TITLE.matcher(html);
            return Optional.of(new Page(file, itemId, version, title.find() ? unescape(title.group(1)) : null,
                    modified));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String relative(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
