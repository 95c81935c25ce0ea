package cn.tongfa.connector.portal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Settings of the portal connector, bound from {@code tongfa.connectors.portal.*}.
 *
 * @param root         the directory the web server serves the portal from ({@code tongfa.connectors.portal.root});
 *                     every item page is written below it at {@code ItemSnapshot.portalPath}, and each agency's
 *                     lists, feeds and sitemap below {@code {root}/{agency}/}
 * @param templatesDir a directory of templates replacing the shipped ones for every agency
 *                     ({@code …templates-dir}); a file missing there falls back to the shipped template
 * @param pageSize     items per list page (default 20)
 * @param feedSize     items per RSS feed (default 50)
 * @param agencies     per-agency settings, keyed by agency id ({@code …agencies.<agency>.*})
 */
public record PortalSettings(Path root, Path templatesDir, Integer pageSize, Integer feedSize,
        Map<String, AgencyPortal> agencies) {

    /** The configuration key of {@link #root()}, named in error messages. */
    public static final String ROOT_KEY = "tongfa.connectors.portal.root";
    /** The configuration prefix, named in error messages. */
    public static final String PREFIX = "tongfa.connectors.portal";

    public PortalSettings {
        pageSize = pageSize == null || pageSize < 1 ? 20 : pageSize;
        feedSize = feedSize == null || feedSize < 1 ? 50 : feedSize;
        agencies = agencies == null ? Map.of() : Map.copyOf(agencies);
    }

    /** Settings with only the root; everything else at its default. */
    public static PortalSettings of(Path root) {
        return new PortalSettings(root, null, null, null, null);
    }

    /** The agency's settings, empty when it has none. */
    public AgencyPortal agency(String agency) {
        AgencyPortal settings = agencies.get(agency);
        return settings == null ? new AgencyPortal(null, null) : settings;
    }

    /** The templates directory that applies to an agency, or null for the shipped templates only. */
    public Path templatesDirOf(String agency) {
        Path own = agency(agency).templatesDir();
        return own != null ? own : templatesDir;
    }

    /**
     * One agency's portal settings.
     *
     * @param templatesDir templates of this agency only ({@code …agencies.<agency>.templates-dir}), taking
     *                     precedence over the common {@code templates-dir}
     * @param columns      the agency's columns (栏目) in display order, each a 主题分类 name and the directory its
     *                     lists are written to; a category not listed gets a directory named after it
     */
    public record AgencyPortal(Path templatesDir, List<Column> columns) {

        public AgencyPortal {
            columns = columns == null ? List.of() : List.copyOf(columns);
        }
    }

    /**
     * A column (栏目) of an agency's portal.
     *
     * @param name the category (主题分类) whose items the column lists, e.g. 政策法规
     * @param slug the column's directory under the agency's, e.g. {@code zcfg}
     */
    public record Column(String name, String slug) {
    }
}
