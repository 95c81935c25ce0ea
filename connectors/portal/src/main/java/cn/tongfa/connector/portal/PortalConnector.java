package cn.tongfa.connector.portal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongfa.connector.api.ChannelConnector;
import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.DeliveryException;
import cn.tongfa.connector.api.DeliveryReceipt;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.RetriableDeliveryException;

/**
 * Publishes items to a static portal site by writing their pages under the portal root.
 *
 * <p>A page is written to a temporary file in its own directory and then renamed over the old one, so the web
 * server serves either the old page or the new one, never half of one. Delivered means the page is in place.
 */
public class PortalConnector implements ChannelConnector {

    private static final Logger log = LoggerFactory.getLogger(PortalConnector.class);

    // Temporary files are created owner-only; the web server usually runs as another user.
    private static final Set<PosixFilePermission> PAGE_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");

    private final PortalSettings settings;

    public PortalConnector(PortalSettings settings) {
        this.settings = settings == null ? new PortalSettings(null) : settings;
    }

    @Override
    public String channel() {
        return Channels.PORTAL;
    }

    @Override
    public void start() {
        String problem = rootProblem();
        if (problem != null) {
            log.warn(problem);
        }
    }

    /** The portal has no per-agency account; every agency is served as long as the root is usable. */
    @Override
    public String accountProblem(String agency) {
        return rootProblem();
    }

    @Override
    public DeliveryReceipt deliver(ItemEvent event) throws DeliveryException {
        Path target = target(event);
        switch (event.action()) {
            case PUBLISH, UPDATE -> write(event, target);
            case WITHDRAW -> delete(target);
        }
        return receipt(event);
    }

    @Override
    public Lookup lookup(ItemEvent event) {
        Path target;
        try {
            target = target(event);
        } catch (DeliveryException e) {
            return Lookup.unknown(e.getMessage());
        }
        Optional<PortalPage.Stamp> stamp;
        try {
            stamp = stampOf(target);
        } catch (IOException e) {
            return Lookup.unknown("无法读取门户网站页面 " + event.item().portalPath() + "：" + e.getMessage());
        }
        boolean present = stamp.filter(s -> s.itemId().equals(event.itemId())).isPresent();
        return switch (event.action()) {
            case PUBLISH, UPDATE -> present && stamp.get().version() == event.version()
                    ? Lookup.found(receipt(event))
                    : Lookup.notFound();
            case WITHDRAW -> present ? Lookup.notFound() : Lookup.found(receipt(event));
        };
    }

    private void write(ItemEvent event, Path target) throws DeliveryException {
        try {
            Optional<PortalPage.Stamp> existing = stampOf(target);
            if (existing.isPresent() && existing.get().itemId().equals(event.itemId())
                    && existing.get().version() > event.version()) {
                throw new PermanentDeliveryException("stale-version", "门户网站上已有该信息的更新版本（第"
                        + existing.get().version() + "版），未用第" + event.version() + "版覆盖");
            }
            Path directory = target.getParent();
            Files.createDirectories(directory);
            requireInsideRoot(directory.toRealPath(), event);
            PortalPage page = PortalPage.of(event);
            Path temp = Files.createTempFile(directory, ".tongfa-", ".tmp");
            try {
                Files.writeString(temp, page.html(), StandardCharsets.UTF_8);
                makeReadable(temp);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (AtomicMoveNotSupportedException e) {
            throw new PermanentDeliveryException("atomic-move", "门户网站目录不支持原子替换文件，请检查 "
                    + PortalSettings.ROOT_KEY + " 指向的文件系统", e);
        } catch (IOException e) {
            throw new RetriableDeliveryException("io", "写入门户网站页面失败：" + describe(e), e);
        }
    }

    private void delete(Path target) throws DeliveryException {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new RetriableDeliveryException("io", "删除门户网站页面失败：" + describe(e), e);
        }
    }

    private Path target(ItemEvent event) throws PermanentDeliveryException {
        String problem = rootProblem();
        if (problem != null) {
            throw new PermanentDeliveryException("config", problem);
        }
        String portalPath = event.item().portalPath();
        if (portalPath == null || portalPath.isBlank()) {
            throw new PermanentDeliveryException("no-path", "信息缺少门户网站页面路径（portalPath），无法发布");
        }
        if (!portalPath.endsWith(".html")) {
            throw new PermanentDeliveryException("bad-path", "门户网站页面路径必须以 .html 结尾：" + portalPath);
        }
        Path root = root();
        Path relative;
        try {
            relative = root.getFileSystem().getPath(portalPath);
        } catch (RuntimeException e) {
            throw new PermanentDeliveryException("bad-path", "门户网站页面路径无效：" + portalPath, e);
        }
        Path target = root.resolve(relative).normalize();
        if (relative.isAbsolute() || !target.startsWith(root) || target.equals(root)) {
            throw new PermanentDeliveryException("bad-path", "门户网站页面路径超出网站根目录，已拒绝：" + portalPath);
        }
        return target;
    }

    // Catches a symbolic link inside the root that points out of it, which a textual check cannot see.
    private void requireInsideRoot(Path realDirectory, ItemEvent event) throws IOException, PermanentDeliveryException {
        if (!realDirectory.startsWith(root().toRealPath())) {
            throw new PermanentDeliveryException("bad-path",
                    "门户网站页面路径经符号链接指向网站根目录之外，已拒绝：" + event.item().portalPath());
        }
    }

    private static Optional<PortalPage.Stamp> stampOf(Path page) throws IOException {
        try {
            return PortalPage.stampOf(Files.readString(page, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static void makeReadable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PAGE_PERMISSIONS);
        } catch (UnsupportedOperationException e) {
            log.debug("File system without POSIX permissions; leaving {} as created", file);
        }
    }

    private static DeliveryReceipt receipt(ItemEvent event) {
        return new DeliveryReceipt(event.item().portalPath(), event.item().portalUrl());
    }

    private String rootProblem() {
        if (settings.root() == null) {
            return "未配置门户网站根目录：" + PortalSettings.ROOT_KEY;
        }
        return null;
    }

    private Path root() {
        return settings.root().toAbsolutePath().normalize();
    }

    private static String describe(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getFile() + "（" + fse.getReason() + "）";
        }
        return String.valueOf(e.getMessage());
    }
}
