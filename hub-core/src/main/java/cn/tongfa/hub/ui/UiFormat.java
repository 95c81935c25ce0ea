package cn.tongfa.hub.ui;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;

import org.springframework.stereotype.Component;

import cn.tongfa.hub.HubSettings;

/** Times in the hub's zone and delivery states, as the templates show them (the templates call it as {@code fmt}). */
@Component
class UiFormat {

    /** Delivery states that are still moving: a page showing one of them keeps refreshing. */
    static final Set<String> UNSETTLED = Set.of("PENDING", "DELIVERING", "UNCONFIRMED");

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ZoneId zone;

    UiFormat(HubSettings settings) {
        this.zone = settings.zone();
    }

    ZoneId zone() {
        return zone;
    }

    public String time(Instant instant) {
        return instant == null ? "" : MINUTES.format(instant.atZone(zone));
    }

    public String seconds(Instant instant) {
        return instant == null ? "" : SECONDS.format(instant.atZone(zone));
    }

    public String date(LocalDate date) {
        return date == null ? "" : date.toString();
    }

    /** The CSS modifier of a delivery state's badge. */
    public String tone(String deliveryStatus) {
        if (deliveryStatus == null) {
            return "none";
        }
        return switch (deliveryStatus) {
            case "DELIVERED" -> "ok";
            case "FAILED" -> "bad";
            case "UNCONFIRMED" -> "warn";
            case "WITHDRAWN" -> "muted";
            default -> "busy";
        };
    }

    public boolean unsettled(String deliveryStatus) {
        return deliveryStatus != null && UNSETTLED.contains(deliveryStatus);
    }

    /** An attachment's type as readers know it (PDF, DOCX, …): from the sniffed type, else the name's ending. */
    public String fileType(String contentType, String name) {
        if (contentType != null) {
            String known = switch (contentType) {
                case "application/pdf" -> "PDF";
                case "application/ofd" -> "OFD";
                case "application/msword" -> "DOC";
                case "application/vnd.openxmlformats-officedocument.wordprocessingml.document" -> "DOCX";
                case "application/vnd.ms-excel" -> "XLS";
                case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" -> "XLSX";
                case "application/zip" -> "ZIP";
                default -> null;
            };
            if (known != null) {
                return known;
            }
        }
        int dot = name == null ? -1 : name.lastIndexOf('.');
        return dot > 0 && dot < name.length() - 1 ? name.substring(dot + 1).toUpperCase(Locale.ROOT) : "";
    }

    public String fileSize(Long bytes) {
        if (bytes == null) {
            return "";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return Math.round(bytes / 1024.0) + " KB";
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1024.0 / 1024.0);
    }
}
