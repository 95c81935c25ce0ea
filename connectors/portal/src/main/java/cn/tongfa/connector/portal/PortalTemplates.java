package cn.tongfa.connector.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;

/**
 * The templates the portal is rendered from: the shipped ones ({@code templates/} beside this class), each
 * replaceable by a file of the same name in an agency's templates directory.
 *
 * <p>Templates are Mustache: logic-less, so a template an agency supplies cannot run code in the hub, and every
 * {@code {{value}}} is escaped for HTML and XML alike ({@code & < > " ' ` =}). Only {@code {{{bodyHtml}}}} (the hub's
 * sanitised body) and {@code {{{tongfaMeta}}}} (the page's identification, which the connector reads back)
 * are inserted raw. A missing or null value renders as nothing.
 */
final class PortalTemplates {

    static final String PAGE = "page.html";
    static final String LIST = "list.html";
    static final String RSS = "rss.xml";
    static final String SITEMAP = "sitemap.xml";
    static final String SITEMAP_INDEX = "sitemap-index.xml";
    static final List<String> NAMES = List.of(PAGE, LIST, RSS, SITEMAP, SITEMAP_INDEX);

    private static final Mustache.Compiler COMPILER = Mustache.compiler()
            .defaultValue("")
            .emptyStringIsFalse(true)
            .withEscaper(PortalTemplates::escape);

    private static final PortalTemplates DEFAULTS = loadDefaults();

    private final Map<String, Template> templates;
    private final String origin;
    private final Map<String, AtomicInteger> sizes;
    private volatile Boolean showsCover;

    private PortalTemplates(Map<String, Template> templates, String origin) {
        this.templates = Map.copyOf(templates);
        this.origin = origin;
        Map<String, AtomicInteger> sizes = new HashMap<>();
        templates.keySet().forEach(name -> sizes.put(name, new AtomicInteger()));
        this.sizes = Map.copyOf(sizes);
    }

    /** The shipped templates. */
    static PortalTemplates defaults() {
        return DEFAULTS;
    }

    /**
     * The templates of a directory, the shipped ones standing in for files it lacks.
     *
     * @param directory the agency's templates directory, or null for the shipped templates
     * @param key       the configuration key naming the directory, for messages
     * @throws Problem  when the directory is unreadable, a template does not compile, or the page template
     *                  does not output {@code {{{tongfaMeta}}}}
     */
    static PortalTemplates load(Path directory, String key) throws Problem {
        if (directory == null) {
            return DEFAULTS;
        }
        if (!Files.isDirectory(directory)) {
            throw new Problem("门户网站模板目录不存在：" + key + "=" + directory);
        }
        Map<String, Template> loaded = new LinkedHashMap<>(DEFAULTS.templates);
        for (String name : NAMES) {
            Path file = directory.resolve(name);
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                throw new Problem("无法读取门户网站模板 " + file + "（" + key + "）：" + e.getMessage());
            }
            try {
                loaded.put(name, COMPILER.compile(text));
            } catch (MustacheException e) {
                throw new Problem("门户网站模板 " + file + " 有语法错误（" + key + "）：" + e.getMessage());
            }
        }
        PortalTemplates templates = new PortalTemplates(loaded, directory.toString());
        templates.checkPage(key);
        return templates;
    }

    /** Renders one template with the model's values. */
    String render(String name, Map<String, ?> model) throws Problem {
        // Sized as the last output of the template, so that a long list or sitemap is not copied as it grows.
        AtomicInteger size = sizes.get(name);
        StringWriter out = new StringWriter(Math.max(1024, size.get() + size.get() / 8));
        try {
            templates.get(name).execute(model, out);
        } catch (MustacheException e) {
            throw new Problem("门户网站模板 " + name + "（" + origin + "）渲染失败：" + e.getMessage());
        }
        String text = out.toString();
        size.set(text.length());
        return text;
    }

    /**
     * Whether the page template shows the cover (the shipped one does): found by rendering it once with a cover,
     * so that an agency's template without one does not make the connector copy covers no page shows.
     */
    boolean showsCover() {
        Boolean shows = showsCover;
        if (shows == null) {
            String probe = "tongfa-cover-probe";
            Map<String, Object> cover = Map.of("href", probe, "url", probe, "alt", probe);
            try {
                String html = render(PAGE, Map.of("tongfaMeta", "", "title", "", "hasCover", true, "cover", cover));
                shows = html.contains(probe);
            } catch (Problem e) {
                shows = false;
            }
            showsCover = shows;
        }
        return shows;
    }

    /**
     * Escapes a value for HTML and XML in one pass, with the same result as JMustache's HTML escaper, which
     * replaces {@code & ' " < > ` =} one after the other (seven passes over every value, each copying it when
     * that character occurs). A text with nothing to escape is returned as it is.
     */
    static String escape(String raw) {
        int i = 0;
        while (i < raw.length() && replacement(raw.charAt(i)) == null) {
            i++;
        }
        if (i == raw.length()) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length() + 16).append(raw, 0, i);
        for (; i < raw.length(); i++) {
            char c = raw.charAt(i);
            String replacement = replacement(c);
            if (replacement == null) {
                out.append(c);
            } else {
                out.append(replacement);
            }
        }
        return out.toString();
    }

    private static String replacement(char c) {
        return switch (c) {
            case '&' -> "&amp;";
            case '\'' -> "&#39;";
            case '"' -> "&quot;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '`' -> "&#x60;";
            case '=' -> "&#x3D;";
            default -> null;
        };
    }

    // The connector recognises its pages by the meta tags; a page template without them would make every
    // look-up answer "not found" and every rebuild of the lists lose the page.
    private void checkPage(String key) throws Problem {
        String meta = PortalPage.meta(Map.of(PortalPage.ITEM_ID_META, "check", PortalPage.VERSION_META, "1"));
        String html = render(PAGE, Map.of("tongfaMeta", meta, "title", "check"));
        if (PortalPage.stampOf(html).isEmpty()) {
            throw new Problem("门户网站模板 " + origin + "/" + PAGE + " 未输出 {{{tongfaMeta}}}，连接器将无法识别已发布的页面（"
                    + key + "）");
        }
    }

    private static PortalTemplates loadDefaults() {
        Map<String, Template> loaded = new LinkedHashMap<>();
        for (String name : NAMES) {
            try (InputStream in = PortalTemplates.class.getResourceAsStream("templates/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("shipped portal template missing: " + name);
                }
                loaded.put(name, COMPILER.compile(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new PortalTemplates(loaded, "内置模板");
    }

    /** Why templates cannot be used; the message names the file and the configuration key. */
    static final class Problem extends Exception {
        Problem(String message) {
            super(message, null, false, false);
        }
    }
}
