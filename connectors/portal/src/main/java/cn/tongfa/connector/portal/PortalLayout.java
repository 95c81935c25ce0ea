package cn.tongfa.connector.portal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Where an agency's portal files live and the URLs they are read at, following the usual layout of a
 * static government site:
 *
 * <pre>
 * {agency}/index.html                        the agency's newest items, the total, links to every page
 * {agency}/index_1.html, index_2.html, …      archive pages: fixed blocks from the oldest (index_1 the oldest)
 * {agency}/{column}/index.html, index_1.html … the same for the items of one column (栏目)
 * {agency}/rss.xml, {agency}/{column}/rss.xml RSS 2.0 feeds
 * {agency}/sitemap.xml                        sitemaps.org sitemap (an index of sitemap_N.xml past 50,000 URLs)
 * {agency}/files/{sha256[0..2]}/{sha256}.{ext} the pages' covers, images and attachments, by content
 * {agency}/.tongfa-portal.json                what the lists are built from (the connector's own file)
 * </pre>
 *
 * @param root    the portal root directory
 * @param agency  the agency id, a safe directory name
 * @param baseUrl the portal root's URL as readers see it, ending with {@code /}
 */
record PortalLayout(Path root, String agency, String baseUrl) {

    static final String INDEX_FILE = ".tongfa-portal.json";
    static final String LOCK_FILE = ".tongfa-portal.lock";

    private static final Pattern SAFE_AGENCY = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SAFE_SLUG = Pattern.compile("[\\p{L}\\p{N}_-]{1,64}");
    private static final Pattern MONTH_LIKE = Pattern.compile("\\d{6}");

    static boolean isSafeAgency(String agency) {
        return agency != null && SAFE_AGENCY.matcher(agency).matches();
    }

    static boolean isSafeSlug(String slug) {
        return slug != null && SAFE_SLUG.matcher(slug).matches() && !MONTH_LIKE.matcher(slug).matches()
                && !slug.equals(PortalFiles.DIR);
    }

    /**
     * The directory of a column that has none configured: the category's own name when it is a plain word
     * (Chinese included), else a stable name derived from it. Never a {@code yyyyMM} name, which the item pages'
     * month directories use, nor {@code files}, the copied files' directory.
     */
    static String defaultSlug(String column) {
        if (isSafeSlug(column)) {
            return column;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(column.getBytes(StandardCharsets.UTF_8));
            return "lm" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Path agencyDir() {
        return root.resolve(agency);
    }

    Path indexFile() {
        return agencyDir().resolve(INDEX_FILE);
    }

    Path lockFile() {
        return agencyDir().resolve(LOCK_FILE);
    }

    /** The directory of a column's lists, or the agency's own for {@code slug == null}. */
    Path listDir(String slug) {
        return slug == null ? agencyDir() : agencyDir().resolve(slug);
    }

    static String listFileName(int page) {
        return page == 0 ? "index.html" : "index_" + page + ".html";
    }

    String listUrl(String slug, int page) {
        return dirUrl(slug) + listFileName(page);
    }

    Path rssFile(String slug) {
        return listDir(slug).resolve("rss.xml");
    }

    String rssUrl(String slug) {
        return dirUrl(slug) + "rss.xml";
    }

    Path sitemapFile(int part) {
        return agencyDir().resolve(part == 0 ? "sitemap.xml" : "sitemap_" + part + ".xml");
    }

    String sitemapUrl(int part) {
        return dirUrl(null) + (part == 0 ? "sitemap.xml" : "sitemap_" + part + ".xml");
    }

    /** The absolute URL of a copied file, by its name under {@code {agency}/files/}. */
    String fileUrl(String name) {
        return baseUrl + agency + "/" + PortalFiles.DIR + "/" + name;
    }

    /**
     * The link from a page to a copied file, relative, so that the site works wherever it is served from: e.g.
     * {@code ../files/ab/ab….pdf} from {@code {agency}/202611/t20261121_x.html}.
     *
     * @param pagePath the page's path relative to the root, inside a directory of the agency's
     */
    String relativeFileHref(String pagePath, String name) {
        // {agency}/a/b/page.html lies two directories below the agency's: ../../files/…
        int depth = Path.of(pagePath).normalize().getNameCount() - 2;
        return "../".repeat(Math.max(depth, 0)) + PortalFiles.DIR + "/" + name;
    }

    /** The URL of a file given by its path relative to the root. */
    String url(String relativePath) {
        return baseUrl + relativePath;
    }

    private String dirUrl(String slug) {
        // Slugs hold only letters, digits, - and _, so form encoding is path-segment encoding here.
        return baseUrl + agency + "/" + (slug == null ? "" : URLEncoder.encode(slug, StandardCharsets.UTF_8) + "/");
    }

    /**
     * The portal's base URL, read off an item: its URL minus its path. Falls back to {@code /} (links relative to
     * the site's root) when the two do not line up.
     */
    static String baseUrlOf(String portalUrl, String portalPath) {
        if (portalUrl != null && portalPath != null && portalUrl.endsWith(portalPath)) {
            String base = portalUrl.substring(0, portalUrl.length() - portalPath.length());
            return base.endsWith("/") ? base : base + "/";
        }
        return "/";
    }
}
