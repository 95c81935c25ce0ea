package cn.tongfa.connector.portal;

import java.nio.file.Path;

/**
 * Settings of the portal connector, bound from {@code tongfa.connectors.portal.*}.
 *
 * @param root the directory the web server serves the portal from ({@code tongfa.connectors.portal.root});
 *             every item page is written below it at {@code ItemSnapshot.portalPath}
 */
public record PortalSettings(Path root) {

    /** The configuration key of {@link #root()}, named in error messages. */
    public static final String ROOT_KEY = "tongfa.connectors.portal.root";
}
