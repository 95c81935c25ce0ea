package cn.tongfa.bench.sections;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import cn.tongfa.bench.BenchContext;
import cn.tongfa.bench.BenchSection;
import cn.tongfa.bench.Figure;
import cn.tongfa.bench.env.CpuAccount;
import cn.tongfa.bench.env.Http;
import cn.tongfa.bench.env.HubProcess;

/**
 * What media costs per item: the same number of items published twice in one run, once as plain text and once as a
 * government notice usually is, with a cover photo (a 1600×900 JPEG of about 300 KB, which WeChat's connector
 * resizes and every channel copies or uploads) that is also the body's image, and a PDF attachment (about 100 KB).
 * Every item has its own files, so nothing is served from the media library's de-duplication. The figures are the
 * CPU of every process per item in each run, and their difference; the ratio is what to compare across machines.
 */
public final class MediaSection implements BenchSection {

    @Override
    public String name() {
        return "media";
    }

    @Override
    public List<Figure> run(BenchContext ctx) throws Exception {
        int items = ctx.intOption("media-items", ctx.quick() ? 150 : 600);
        int clients = ctx.intOption("media-clients", 8);
        HubProcess hub = ctx.hub();
        Publisher publisher = new Publisher(hub);
        int channels = HubProcess.CHANNELS.size();

        // Unmeasured first: a fresh hub's first items pay for class loading and compilation, and the first media
        // for Tika's and the image libraries' start.
        int warmup = ctx.intOption("media-warmup-items", ctx.quick() ? 100 : 300);
        System.out.printf("[bench]   warm-up: %,d plain items and %,d with media%n", warmup, warmup / 2);
        measure(hub, publisher, warmup, clients, channels, false, 2_000_000);
        measure(hub, publisher, warmup / 2, clients, channels, true, 3_000_000);
        Run plain = measure(hub, publisher, items, clients, channels, false, 1_000_000);
        boolean recording = Boolean.parseBoolean(ctx.option("jfr", "false"));
        java.nio.file.Path jfr = ctx.workDir().resolve("hub-media.jfr");
        if (recording) {
            HubThroughputSection.jcmd(hub.pid(), "JFR.start", "name=media", "settings=profile", "filename=" + jfr);
        }
        Run media = measure(hub, publisher, items, clients, channels, true, 1_500_000);
        if (recording) {
            HubThroughputSection.jcmd(hub.pid(), "JFR.stop", "name=media");
            System.out.println("[bench]   flight recording of the media run: " + jfr);
        }

        List<Figure> figures = new ArrayList<>();
        String note = String.format("%,d items by %d clients, each with its own 1600×900 JPEG cover (also the body "
                + "image, %.0f KB on average) and PDF attachment (%.0f KB)", items, clients, media.coverKb, media.pdfKb);
        figures.add(Figure.of("media.plain_cpu_ms_per_item", plain.cpuMsPerItem(), "ms",
                "all processes, items without media; " + plain.ledger));
        figures.add(Figure.of("media.media_cpu_ms_per_item", media.cpuMsPerItem(), "ms",
                "all processes, " + note + "; " + media.ledger));
        figures.add(Figure.of("media.added_cpu_ms_per_item", media.cpuMsPerItem() - plain.cpuMsPerItem(), "ms",
                "what the cover, body image and attachment add per item, upload to every channel included"));
        figures.add(Figure.of("media.hub_cpu_ms_per_item", media.hubMsPerItem(), "ms",
                String.format("the hub's process alone, with media (%.1f without)", plain.hubMsPerItem())));
        figures.add(Figure.of("media.cpu_ratio", media.cpuMsPerItem() / plain.cpuMsPerItem(), "×",
                "CPU per item with media ÷ without, same run"));
        figures.add(Figure.of("media.items_per_s", media.items / media.seconds, "items/s",
                String.format("upload, create, publish and all four deliveries (%.1f items/s without media)",
                        plain.items / plain.seconds)));
        figures.add(Figure.atMost("media.failed", media.failed + plain.failed, "items", 0,
                "uploads, creations or publications answered with an error, and deliveries not DELIVERED"));
        return figures;
    }

    private record Run(int items, double seconds, Map<String, Double> cpu, String ledger, int failed, double coverKb,
            double pdfKb) {

        double cpuMsPerItem() {
            return 1000 * cpu.values().stream().mapToDouble(Double::doubleValue).sum() / items;
        }

        double hubMsPerItem() {
            return 1000 * cpu.getOrDefault("hub", 0.0) / items;
        }
    }

    private Run measure(HubProcess hub, Publisher publisher, int items, int clients, int channels, boolean withMedia,
            int firstNumber) throws Exception {
        long before = publisher.statuses().values().stream().mapToLong(Long::longValue).sum();
        long failedBefore = publisher.statuses().getOrDefault("FAILED", 0L)
                + publisher.statuses().getOrDefault("UNCONFIRMED", 0L);
        // The files are made before the clock starts: drawing and encoding them is the bench's work, not the hub's.
        List<byte[]> covers = new ArrayList<>();
        List<byte[]> pdfs = new ArrayList<>();
        if (withMedia) {
            Random random = new Random(20261204);
            for (int i = 0; i < items; i++) {
                covers.add(photo(random));
                pdfs.add(pdf(i, random));
            }
        }
        System.out.printf("[bench]   %s: %,d items%n", withMedia ? "with media" : "plain", items);
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CpuAccount cpu = CpuAccount.start(hub.pid());
        long start = System.nanoTime();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                work.add(pool.submit(() -> {
                    for (int n = next.getAndIncrement(); n < items; n = next.getAndIncrement()) {
                        try {
                            publishOne(hub.api(), firstNumber + n,
                                    withMedia ? covers.get(n) : null, withMedia ? pdfs.get(n) : null);
                        } catch (IllegalStateException e) {
                            if (failed.getAndIncrement() < 3) {
                                System.out.println("[bench]   media item failed: " + e.getMessage());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Long> ledger = publisher.awaitSettled(before + (long) (items - failed.get()) * channels, 100, 600);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> used = cpu.seconds();
        long failedAfter = ledger.getOrDefault("FAILED", 0L) + ledger.getOrDefault("UNCONFIRMED", 0L);
        double coverKb = covers.stream().mapToInt(b -> b.length).average().orElse(0) / 1024;
        double pdfKb = pdfs.stream().mapToInt(b -> b.length).average().orElse(0) / 1024;
        return new Run(items, seconds, used, "ledger " + ledger, failed.get() + (int) (failedAfter - failedBefore),
                coverKb, pdfKb);
    }

    private static void publishOne(Http api, int n, byte[] cover, byte[] pdf) throws IOException,
            InterruptedException {
        Map<String, Object> request = new java.util.LinkedHashMap<>(SampleItems.request(n));
        if (cover != null) {
            String coverId = upload(api, "封面" + n + ".jpg", "image/jpeg", cover);
            String pdfId = upload(api, "附件" + n + ".pdf", "application/pdf", pdf);
            request.put("coverMediaId", coverId);
            request.put("attachments", List.of(pdfId));
            request.put("bodyHtml", "<p><img src=\"/media/" + coverId + "\" alt=\"现场照片\"></p>" + request.get("bodyHtml"));
        }
        String id = api.post("/api/v1/items", request).expect(201).json().get("id").asString();
        api.post("/api/v1/items/" + id + "/publish", "").expect(200);
    }

    private static String upload(Http api, String name, String type, byte[] bytes) throws IOException,
            InterruptedException {
        String boundary = "----tongfa" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"agency\"\r\n\r\n" + HubProcess.AGENCY
                + "\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(bytes);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        Http.Response response = api.send(api.request("/api/v1/media")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        if (response.status() != 201 && response.status() != 200) {
            response.expect(201);
        }
        return response.json().get("id").asString();
    }

    /** A photo-like 1600×900 JPEG: smooth gradients with noise, so it compresses like a photo, not like a drawing. */
    private static byte[] photo(Random random) throws IOException {
        BufferedImage image = new BufferedImage(1600, 900, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillRect(0, 0, 1600, 900);
            for (int i = 0; i < 40; i++) {
                g.setColor(new Color(random.nextInt(0xFFFFFF)));
                g.fillOval(random.nextInt(1600), random.nextInt(900), 50 + random.nextInt(400), 50 + random.nextInt(300));
            }
        } finally {
            g.dispose();
        }
        for (int y = 0; y < 900; y++) {
            for (int x = 0; x < 1600; x += 2) {
                int rgb = image.getRGB(x, y);
                int noise = random.nextInt(24) - 12;
                int r = clamp(((rgb >> 16) & 0xff) + noise);
                int gr = clamp(((rgb >> 8) & 0xff) + noise);
                int b = clamp((rgb & 0xff) + noise);
                image.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** A valid one-page PDF of about 100 KB: a text line and an uncompressed filler stream. */
    private static byte[] pdf(int n, Random random) {
        StringBuilder filler = new StringBuilder();
        while (filler.length() < 100_000) {
            filler.append("% ").append(Long.toHexString(random.nextLong())).append('\n');
        }
        String text = "BT /F1 12 Tf 72 720 Td (Attachment " + n + ") Tj ET\n" + filler;
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                        + "/Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + text.getBytes(StandardCharsets.US_ASCII).length + " >>\nstream\n" + text
                        + "\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(pdf.length());
            pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
        for (int offset : offsets) {
            pdf.append(String.format("%010d 00000 n \n", offset));
        }
        pdf.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
