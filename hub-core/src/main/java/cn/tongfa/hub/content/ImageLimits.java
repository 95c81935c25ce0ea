package cn.tongfa.hub.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import cn.tongfa.connector.api.Channels;

/**
 * What each channel can do with the item's images, checked before review, so that an item never fails or
 * loses something at publication for them. The connectors resize and convert (WeChat: cover through
 * {@code material/add_material}, body images to JPEG/PNG under 1 MB for {@code media/uploadimg}; Weibo: the
 * {@code pic} under 5 MB), so only what resizing cannot fix is stopped here. The thresholds and where they come
 * from are in docs/media-preflight.md.
 *
 * <ul>
 * <li>WeChat and Weibo: only JPEG, PNG and GIF (the types both channels' upload interfaces take); at most
 * {@value #MAX_PIXELS} pixels, because the connector decodes the whole image to resize it.</li>
 * <li>WeChat cover: at least {@value #WECHAT_COVER_MIN_WIDTH}×{@value #WECHAT_COVER_MIN_HEIGHT} pixels, so that
 * the 2.35:1 list card cropped from it is at least half WeChat's recommended 900×383 (and the 1:1 share card
 * at least 200×200); a smaller cover is upscaled into a blur.</li>
 * <li>WeChat body images: no animated GIF, since {@code uploadimg} takes JPEG and PNG only and the converted
 * image keeps the first frame.</li>
 * <li>Weibo {@code pic} (the cover, else the first body image): no animated GIF of {@value #WEIBO_PIC_MAX} bytes
 * or more; Weibo takes animated GIFs under 5 MB as they are, but shrinking one keeps the first frame.</li>
 * </ul>
 * Portal and disclosure column serve the files as stored: no limits beyond the media library's.
 */
final class ImageLimits {

    static final long MAX_PIXELS = 50_000_000L;
    static final int WECHAT_COVER_MIN_WIDTH = 470;
    static final int WECHAT_COVER_MIN_HEIGHT = 200;
    static final long WEIBO_PIC_MAX = 5L * 1024 * 1024;

    private static final Set<String> TYPES = Set.of("image/jpeg", "image/png", "image/gif");

    List<ContentProblem> check(List<String> channels, List<ImageFact> images) {
        List<ContentProblem> problems = new ArrayList<>();
        if (channels.contains(Channels.WECHAT)) {
            for (ImageFact image : images) {
                if (common(Channels.WECHAT, image, problems)) {
                    continue;
                }
                if (image.role() == ImageFact.Role.COVER) {
                    wechatCover(image, problems);
                } else if (image.animated()) {
                    problems.add(new ContentProblem(image.field(), ContentProblem.IMAGE_ANIMATION_LOST, "微信公众号："
                            + image.label() + "是动图，微信正文图片只能是 JPG 或 PNG，转换后只剩第一帧：请换成静态图片，或不发微信公众号",
                            Channels.WECHAT));
                }
            }
        }
        if (channels.contains(Channels.WEIBO)) {
            ImageFact pic = images.stream().filter(image -> image.role() == ImageFact.Role.COVER).findFirst()
                    .orElse(images.stream().findFirst().orElse(null));
            if (pic != null && !common(Channels.WEIBO, pic, problems) && pic.animated()
                    && pic.size() >= WEIBO_PIC_MAX) {
                problems.add(new ContentProblem(pic.field(), ContentProblem.IMAGE_ANIMATION_LOST, "微博：配图（"
                        + pic.label() + "）是 " + megabytes(pic.size()) + " 的动图，微博配图须小于 5MB，压缩后只剩第一帧："
                        + "请换成小于 5MB 的动图或静态图片" + (pic.role() == ImageFact.Role.COVER ? "作封面" : "作正文第一张图片"),
                        Channels.WEIBO));
            }
        }
        return problems;
    }

    /** The type and pixel checks of both channels; true when the image failed them (nothing more to say). */
    private static boolean common(String channel, ImageFact image, List<ContentProblem> problems) {
        String name = Channels.label(channel);
        if (!TYPES.contains(image.contentType())) {
            problems.add(new ContentProblem(image.field(), ContentProblem.IMAGE_TYPE_UNSUPPORTED, name + "："
                    + image.label() + "是" + typeLabel(image.contentType()) + "，" + name
                    + "只接受 JPG、PNG 和 GIF 图片：请转换后重新上传", channel));
            return true;
        }
        if (image.pixels() > MAX_PIXELS) {
            problems.add(new ContentProblem(image.field(), ContentProblem.IMAGE_TOO_LARGE, name + "："
                    + image.label() + "有 " + image.width() + "×" + image.height() + " 像素，超过 5000 万像素，无法处理："
                    + "请缩小后重新上传", channel));
            return true;
        }
        return false;
    }

    private static void wechatCover(ImageFact cover, List<ContentProblem> problems) {
        if (cover.width() == null || cover.height() == null) {
            return;
        }
        if (cover.width() < WECHAT_COVER_MIN_WIDTH || cover.height() < WECHAT_COVER_MIN_HEIGHT) {
            problems.add(new ContentProblem(cover.field(), ContentProblem.IMAGE_TOO_SMALL, "微信公众号：" + cover.label()
                    + "只有 " + cover.width() + "×" + cover.height() + " 像素，裁成 2.35:1 的文章封面会模糊：请换一张至少 "
                    + WECHAT_COVER_MIN_WIDTH + "×" + WECHAT_COVER_MIN_HEIGHT + " 像素的图片（建议 900×383 以上）",
                    Channels.WECHAT));
        }
    }

    private static String typeLabel(String contentType) {
        return switch (contentType == null ? "" : contentType.toLowerCase(Locale.ROOT)) {
            case "image/webp" -> " WebP 图片";
            case "image/bmp", "image/x-ms-bmp" -> " BMP 图片";
            case "image/tiff" -> " TIFF 图片";
            case "image/svg+xml" -> " SVG 矢量图";
            default -> "“" + contentType + "”类型的文件";
        };
    }

    private static String megabytes(long size) {
        return String.format(Locale.ROOT, "%.1fMB", size / (1024.0 * 1024.0));
    }
}
