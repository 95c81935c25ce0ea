package cn.tongfa.hub.web;

/** Sizes as editors read them in messages: "10 MB", "1.5 MB", "200 KB". */
public final class ByteSizes {

    private ByteSizes() {
    }

    public static String readable(long bytes) {
        if (bytes >= 1024 * 1024) {
            double mb = bytes / (1024.0 * 1024);
            return (mb == Math.rint(mb) ? String.valueOf((long) mb) : String.format("%.1f", mb)) + " MB";
        }
        return Math.max(1, bytes / 1024) + " KB";
    }
}
