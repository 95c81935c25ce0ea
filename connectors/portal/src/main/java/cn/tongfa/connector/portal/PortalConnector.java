package cn.tongfa.connector.portal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongfa.connector.api.ChannelConnector;
import cn.tongfa.connector.api.Channels;
import cn.tongfa.connector.api.DeliveryException;
import cn.tongfa.connector.api.DeliveryReceipt;
import cn.tongfa.connector.api.ItemAction;
import cn.tongfa.connector.api.ItemEvent;
import cn.tongfa.connector.api.ItemSnapshot;
import cn.tongfa.connector.api.Lookup;
import cn.tongfa.connector.api.MediaDownload;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.RetriableDeliveryException;

/**
 * Publishes items to a static portal site: the item's page, the agency's and the column's paged lists, their
 * RSS feeds and the agency's sitemap, all rendered from templates the agency can replace and written under the
 * portal root.
 *
 * <p>Every file is written to a temporary file in its own directory and renamed over the old one, so the web
 * server serves either the old file or the new one, never half of one. Delivered means the page and every list,
 * feed and sitemap naming it are in place; a withdrawal removes the page and relists.
 *
 * <p>The lists are built from the agency's index file ({@link PortalIndex}), written last, so a connector that
 * restarts (or another worker process) carries on from the disk. Deliveries of one agency are serialised by a
 * lock in this process and a file lock across processes, so two items published at once both end up listed; the
 * deliveries that queued up while one group was being written are written together as the next group, so the
 * lists are rebuilt once per group instead of once per item (each delivery still returns only after the lists
 * naming it are in place). A group is applied to the index in one pass. The connector keeps the indexes it read
 * or wrote ({@link PortalIndexCache}) and reads a file again only when its revision shows that another process
 * wrote it since.
 */
public class PortalConnector implements ChannelConnector {

    private static final Logger log = LoggerFactory.getLogger(PortalConnector.class);

    private final PortalSettings settings;
    // Per agency directory and shared by every connector in the process: a FileLock cannot be taken twice in one
    // JVM, and two connectors over one root must not interleave either.
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    // Deliveries of an agency waiting for the next group write (see deliver).
    private static final Map<Path, Queue<Pending>> QUEUES = new ConcurrentHashMap<>();
    private final Map<Path, Object> templates = new ConcurrentHashMap<>();
    // Per connector, not per process: each checks the index file's revision before using what it keeps, so two
    // connectors over one root behave as two processes would.
    private final PortalIndexCache indexes = new PortalIndexCache();
    private final PortalFiles files;

    public PortalConnector(PortalSettings settings) {
        this(settings, MediaDownload.withDefaults());
    }

    /** @param download how the pages' files are read from the hub's media library */
    public PortalConnector(PortalSettings settings, MediaDownload download) {
        this.settings = settings == null ? PortalSettings.of(null) : settings;
        this.files = new PortalFiles(download);
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
        for (String agency : settings.agencies().keySet()) {
            String templateProblem = templateProblem(agency);
            if (templateProblem != null) {
                log.warn(templateProblem);
            }
        }
    }

    /** The portal has no per-agency account: an agency is served when the root and its templates are usable. */
    @Override
    public String accountProblem(String agency) {
        String problem = rootProblem();
        return problem != null ? problem : templateProblem(agency);
    }

    @Override
    public DeliveryReceipt deliver(ItemEvent event) throws DeliveryException {
        Pending pending = pending(event);
        write(List.of(pending));
        try {
            pending.done().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof DeliveryException failure) {
                throw failure;
            }
            throw e;
        }
        return receipt(event);
    }

    /**
     * Delivers the events as {@link #deliver} does, but queues them all before writing any, so that the events of
     * one agency are written as one group (as when that many deliveries arrive at once). For the measurement
     * ({@code PortalThroughput}), which needs groups of a known size.
     *
     * @return the failed deliveries with their failures
     */
    Map<ItemEvent, DeliveryException> deliverTogether(List<ItemEvent> events) {
        Map<ItemEvent, DeliveryException> failed = new LinkedHashMap<>();
        List<Pending> pendings = new ArrayList<>();
        for (ItemEvent event : events) {
            try {
                pendings.add(pending(event));
            } catch (DeliveryException e) {
                failed.put(event, e);
            }
        }
        write(pendings);
        for (Pending pending : pendings) {
            try {
                pending.done().join();
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof DeliveryException failure)) {
                    throw e;
                }
                failed.put(pending.event(), failure);
            }
        }
        return failed;
    }

    // The page's files are copied here, before the agency's lock: downloading a large attachment must not hold up
    // the other deliveries of the agency.
    private Pending pending(ItemEvent event) throws DeliveryException {
        Path target = target(event);
        PortalTemplates agencyTemplates = templates(event.agency());
        PortalLayout layout = layout(event);
        List<ItemSnapshot.Media> shown = event.action() == ItemAction.WITHDRAW ? List.of()
                : PortalFiles.shown(event.item(), agencyTemplates.showsCover());
        PortalFiles.Copies copies;
        try {
            copies = files.copy(layout, shown);
        } catch (IOException e) {
            throw (DeliveryException) failure(event, e);
        }
        return new Pending(event, target, agencyTemplates, layout, shown, copies, new CompletableFuture<>());
    }

    // Group commit: whoever holds an agency's lock writes every delivery queued for the agency so far, so the lists,
    // feeds and sitemap are rebuilt once per group rather than once per item.
    private void write(List<Pending> pendings) {
        for (Pending pending : pendings) {
            QUEUES.computeIfAbsent(pending.layout().agencyDir(), dir -> new ConcurrentLinkedQueue<>()).add(pending);
        }
        for (Pending pending : pendings) {
            Path agencyDir = pending.layout().agencyDir();
            ReentrantLock lock = LOCKS.computeIfAbsent(agencyDir, dir -> new ReentrantLock());
            lock.lock();
            try {
                if (!pending.done().isDone()) {
                    writeGroup(drain(QUEUES.get(agencyDir)));
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** A delivery waiting for its group to be written; completed when its page and the lists are in place. */
    private record Pending(ItemEvent event, Path target, PortalTemplates templates, PortalLayout layout,
            List<ItemSnapshot.Media> shown, PortalFiles.Copies copies, CompletableFuture<Void> done) {
    }

    private static List<Pending> drain(Queue<Pending> queue) {
        List<Pending> group = new ArrayList<>();
        for (Pending next = queue.poll(); next != null; next = queue.poll()) {
            group.add(next);
        }
        return group;
    }

    private void writeGroup(List<Pending> group) {
        if (group.isEmpty()) {
            return;
        }
        PortalLayout layout = group.get(group.size() - 1).layout();
        List<Pending> written = new ArrayList<>(group.size());
        try {
            Files.createDirectories(layout.agencyDir());
            try (FileChannel channel = FileChannel.open(layout.lockFile(), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                PortalIndex.Loaded current = indexes.current(layout);
                PortalIndex before = current.index();
                PortalIndex.Changes changes = before.changes();
                Set<String> touched = new HashSet<>();
                // Files the group's pages referenced before, or copied for a page that was not written: removed
                // below unless a page of the agency still references them.
                Set<String> released = new HashSet<>();
                for (Pending pending : group) {
                    try {
                        apply(pending, changes, touched, released);
                        written.add(pending);
                    } catch (IOException | DeliveryException | PortalTemplates.Problem e) {
                        released.addAll(pending.copies().names());
                        pending.done().completeExceptionally(failure(pending.event(), e));
                    }
                }
                if (!written.isEmpty()) {
                    PortalIndex next = changes.apply();
                    Pending last = written.get(written.size() - 1);
                    PortalSite site = new PortalSite(last.templates(), layout, settings,
                            last.event().item().publisher());
                    // The files on disk were written from the index file, unless it was rebuilt or a group of
                    // this connector failed part way: then every list is compared with the disk.
                    boolean listsKnown = current.fromFile() && !indexes.listsUnknown(layout.agencyDir());
                    // A column appearing or disappearing changes the column navigation of every list.
                    boolean allColumns = !listsKnown || !site.columns(before).equals(site.columns(next));
                    site.write(listsKnown ? before : null, next, touched, allColumns);
                    String revision = next.write(layout.indexFile());
                    indexes.wrote(layout.agencyDir(), new PortalIndex.Loaded(revision, next, true));
                    // Only now: every page that referenced a released file has been replaced or removed, and a
                    // failure before this point leaves the files (at worst unreferenced), never a broken page.
                    if (!released.isEmpty()) {
                        released.removeAll(next.files());
                        PortalFiles.remove(layout, released);
                    }
                }
            }
            written.forEach(pending -> pending.done().complete(null));
        } catch (IOException | PortalTemplates.Problem | RuntimeException e) {
            indexes.failed(layout.agencyDir());
            for (Pending pending : group) {
                pending.done().completeExceptionally(failure(pending.event(), e));
            }
        } catch (Error e) {
            indexes.failed(layout.agencyDir());
            // Nobody may wait forever for a group that will never be written.
            group.forEach(pending -> pending.done().completeExceptionally(e));
            throw e;
        }
    }

    private static Exception failure(ItemEvent event, Exception e) {
        if (e instanceof DeliveryException delivery) {
            return delivery;
        }
        if (e instanceof AtomicMoveNotSupportedException atomic) {
            return new PermanentDeliveryException("atomic-move", "门户网站目录不支持原子替换文件，请检查 "
                    + PortalSettings.ROOT_KEY + " 指向的文件系统", atomic);
        }
        if (e instanceof IOException io) {
            String what = switch (event.action()) {
                case PUBLISH, UPDATE -> "写入";
                case WITHDRAW -> "删除";
            };
            return new RetriableDeliveryException("io", what + "门户网站页面或栏目列表失败：" + describe(io), io);
        }
        if (e instanceof PortalTemplates.Problem problem) {
            return new PermanentDeliveryException("template", problem.getMessage(), problem);
        }
        return new RetriableDeliveryException("io", "写入门户网站失败：" + e, e);
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
        Optional<PortalIndex.Entry> listed;
        try {
            stamp = stampOf(target);
            listed = indexes.current(layout(event)).index().entry(event.itemId());
        } catch (IOException e) {
            return Lookup.unknown("无法读取门户网站页面 " + event.item().portalPath() + "：" + e.getMessage());
        }
        boolean present = stamp.filter(s -> s.itemId().equals(event.itemId())).isPresent();
        return switch (event.action()) {
            // The index is written last: listed at this version means the lists, feeds and sitemap are too.
            case PUBLISH, UPDATE -> present && stamp.get().version() == event.version()
                    && listed.filter(entry -> entry.version() == event.version()).isPresent()
                    ? Lookup.found(receipt(event))
                    : Lookup.notFound();
            case WITHDRAW -> present || listed.isPresent() ? Lookup.notFound() : Lookup.found(receipt(event));
        };
    }

    /** Writes or removes the item's page and changes its entry in the group's changes to the index. */
    private void apply(Pending pending, PortalIndex.Changes index, Set<String> touched, Set<String> released)
            throws IOException, DeliveryException, PortalTemplates.Problem {
        ItemEvent event = pending.event();
        Path target = pending.target();
        Optional<PortalIndex.Entry> previous = index.entry(event.itemId());
        switch (event.action()) {
            case PUBLISH, UPDATE -> {
                Optional<PortalPage.Stamp> existing = stampOf(target);
                int shown = Math.max(existing.filter(s -> s.itemId().equals(event.itemId()))
                        .map(PortalPage.Stamp::version).orElse(0), previous.map(PortalIndex.Entry::version).orElse(0));
                if (shown > event.version()) {
                    throw new PermanentDeliveryException("stale-version", "门户网站上已有该信息的更新版本（第"
                            + shown + "版），未用第" + event.version() + "版覆盖");
                }
                String category = blankToNull(event.item().category());
                String slug = PortalSite.slugOf(settings, event.agency(), category);
                PortalPage page = PortalPage.of(event, pending.templates(), pending.layout(), slug,
                        event.occurredAt(), pending.copies());
                Files.createDirectories(target.getParent());
                requireInsideRoot(target.getParent().toRealPath(), event);
                files.ensure(pending.layout(), pending.shown(), pending.copies());
                AtomicFiles.write(target, page.html());
                String published = PortalPage.publishedAt(event);
                List<String> names = pending.copies().names();
                index.put(new PortalIndex.Entry(event.itemId(), event.version(), event.item().title(),
                        event.item().summary(), event.item().portalPath(), category, published,
                        PortalPage.updatedAt(published, event.occurredAt()), names));
                previous.ifPresent(entry -> entry.files().stream().filter(name -> !names.contains(name))
                        .forEach(released::add));
            }
            case WITHDRAW -> {
                Files.deleteIfExists(target);
                index.remove(event.itemId());
                previous.ifPresent(entry -> released.addAll(entry.files()));
            }
            default -> throw new IllegalStateException(event.action().name());
        }
        previous.map(PortalIndex.Entry::column).ifPresent(touched::add);
        index.entry(event.itemId()).map(PortalIndex.Entry::column).ifPresent(touched::add);
    }

    private PortalLayout layout(ItemEvent event) {
        return new PortalLayout(root(), event.agency(),
                PortalLayout.baseUrlOf(event.item().portalUrl(), event.item().portalPath()));
    }

    private Path target(ItemEvent event) throws PermanentDeliveryException {
        String problem = rootProblem();
        if (problem != null) {
            throw new PermanentDeliveryException("config", problem);
        }
        if (!PortalLayout.isSafeAgency(event.agency())) {
            throw new PermanentDeliveryException("bad-path", "机构编号不能用作门户网站目录名：" + event.agency());
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
        Path agencyDir = root.resolve(event.agency());
        if (!target.startsWith(agencyDir) || target.getParent().equals(agencyDir)) {
            // Pages directly in the agency's directory would collide with its list pages (index.html).
            throw new PermanentDeliveryException("bad-path", "门户网站页面应位于机构目录 " + event.agency()
                    + "/ 下的子目录中：" + portalPath);
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

    private PortalTemplates templates(String agency) throws PermanentDeliveryException {
        Object loaded = loadTemplates(agency);
        if (loaded instanceof PortalTemplates ready) {
            return ready;
        }
        throw new PermanentDeliveryException("template", (String) loaded);
    }

    private String templateProblem(String agency) {
        Object loaded = loadTemplates(agency);
        return loaded instanceof String problem ? problem : null;
    }

    // Loaded once per directory: a changed template takes effect at the next start, like other settings.
    private Object loadTemplates(String agency) {
        Path dir = settings.templatesDirOf(agency);
        if (dir == null) {
            return PortalTemplates.defaults();
        }
        String key = settings.agency(agency).templatesDir() != null
                ? PortalSettings.PREFIX + ".agencies." + agency + ".templates-dir"
                : PortalSettings.PREFIX + ".templates-dir";
        return templates.computeIfAbsent(dir.toAbsolutePath().normalize(), path -> {
            try {
                return PortalTemplates.load(path, key);
            } catch (PortalTemplates.Problem e) {
                return e.getMessage();
            }
        });
    }

    private static Optional<PortalPage.Stamp> stampOf(Path page) throws IOException {
        try {
            return PortalPage.stampOf(Files.readString(page, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
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

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static String describe(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getFile() + "（" + fse.getReason() + "）";
        }
        return String.valueOf(e.getMessage());
    }
}
