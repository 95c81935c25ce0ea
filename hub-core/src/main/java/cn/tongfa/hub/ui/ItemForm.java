package cn.tongfa.hub.ui;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.tongfa.hub.item.AttachmentRef;
import cn.tongfa.hub.item.Item;
import cn.tongfa.hub.item.ItemFiles;
import cn.tongfa.hub.item.ItemRequest;

/**
 * The compose form as the browser sends it: every field as typed, so that a form with mistakes comes back
 * exactly as the editor left it.
 */
class ItemForm {

    static final DateTimeFormatter LOCAL_MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private String agency;
    private String title;
    private String summary;
    private String bodyHtml;
    private String category;
    private String docType;
    private String docNumber;
    private String writtenOn;
    private List<String> channels = new ArrayList<>();
    private String wechatDigest;
    private String weiboText;
    private String scheduledAt;
    private boolean personalDataReviewed;
    private String coverMediaId;
    private List<Attachment> attachments = new ArrayList<>();

    /**
     * One row of the attachments list. The type and size only label the row when the form comes back with
     * mistakes; the request carries the id and the displayed name.
     */
    public static class Attachment {

        private String id;
        private String name;
        private String contentType;
        private Long size;

        public Attachment() {
        }

        Attachment(String id, String name, String contentType, Long size) {
            this.id = id;
            this.name = name;
            this.contentType = contentType;
            this.size = size;
        }

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getContentType() {
            return contentType;
        }

        public void setContentType(String contentType) {
            this.contentType = contentType;
        }

        public Long getSize() {
            return size;
        }

        public void setSize(Long size) {
            this.size = size;
        }
    }

    static ItemForm of(Item item, ItemFiles files, ZoneId zone) {
        ItemForm form = new ItemForm();
        form.agency = item.agency();
        form.title = item.title();
        form.summary = item.summary();
        form.bodyHtml = item.bodyHtml();
        form.category = item.category();
        form.docType = item.docType();
        form.docNumber = item.docNumber();
        form.writtenOn = item.writtenOn() == null ? null : item.writtenOn().toString();
        form.channels = new ArrayList<>(item.channels());
        form.wechatDigest = override(item.overrides(), "wechat", "digest");
        form.weiboText = override(item.overrides(), "weibo", "text");
        form.scheduledAt = item.scheduledAt() == null ? null
                : LOCAL_MINUTES.format(item.scheduledAt().atZone(zone));
        form.personalDataReviewed = item.personalDataReviewed();
        form.coverMediaId = item.coverMediaId();
        form.attachments = new ArrayList<>(files.attachments().stream()
                .map(file -> new Attachment(file.id(), file.name(), file.contentType(), file.size())).toList());
        return form;
    }

    /**
     * The request for the item service; dates that cannot be read are left out and reported in {@code errors}
     * (field name → message key) so they show next to their field with the service's own findings.
     */
    ItemRequest toRequest(ZoneId zone, Map<String, String> errors) {
        LocalDate written = null;
        if (!blank(writtenOn)) {
            try {
                written = LocalDate.parse(writtenOn.strip());
            } catch (DateTimeParseException e) {
                errors.put("writtenOn", "ui.form.badDate");
            }
        }
        OffsetDateTime scheduled = null;
        if (!blank(scheduledAt)) {
            try {
                scheduled = LocalDateTime.parse(scheduledAt.strip()).atZone(zone).toOffsetDateTime();
            } catch (DateTimeParseException e) {
                errors.put("scheduledAt", "ui.form.badDateTime");
            }
        }
        Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
        if (!blank(wechatDigest)) {
            overrides.put("wechat", Map.of("digest", wechatDigest.strip()));
        }
        if (!blank(weiboText)) {
            overrides.put("weibo", Map.of("text", weiboText.strip()));
        }
        return new ItemRequest(agency, title, summary, bodyHtml, category, docType, docNumber, written,
                channels == null ? List.of() : List.copyOf(channels), overrides, blank(coverMediaId) ? null
                : coverMediaId.strip(), attachmentRefs(), scheduled, personalDataReviewed);
    }

    /** The rows in the order the editor left them; a row the browser sent without an id is no attachment. */
    private List<AttachmentRef> attachmentRefs() {
        if (attachments == null) {
            return List.of();
        }
        return attachments.stream()
                .filter(a -> a != null && !blank(a.id))
                .map(a -> new AttachmentRef(a.id.strip(), blank(a.name) ? null : a.name.strip()))
                .toList();
    }

    private static String override(Map<String, Map<String, String>> overrides, String channel, String key) {
        if (overrides == null || overrides.get(channel) == null) {
            return null;
        }
        return overrides.get(channel).get(key);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    public String getAgency() {
        return agency;
    }

    public void setAgency(String agency) {
        this.agency = agency;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getSummary() {
        return summary;
    }

    public void setSummary(String summary) {
        this.summary = summary;
    }

    public String getBodyHtml() {
        return bodyHtml;
    }

    public void setBodyHtml(String bodyHtml) {
        this.bodyHtml = bodyHtml;
    }

    public String getCategory() {
        return category;
    }

    public void setCategory(String category) {
        this.category = category;
    }

    public String getDocType() {
        return docType;
    }

    public void setDocType(String docType) {
        this.docType = docType;
    }

    public String getDocNumber() {
        return docNumber;
    }

    public void setDocNumber(String docNumber) {
        this.docNumber = docNumber;
    }

    public String getWrittenOn() {
        return writtenOn;
    }

    public void setWrittenOn(String writtenOn) {
        this.writtenOn = writtenOn;
    }

    public List<String> getChannels() {
        return channels;
    }

    public void setChannels(List<String> channels) {
        this.channels = channels;
    }

    public String getWechatDigest() {
        return wechatDigest;
    }

    public void setWechatDigest(String wechatDigest) {
        this.wechatDigest = wechatDigest;
    }

    public String getWeiboText() {
        return weiboText;
    }

    public void setWeiboText(String weiboText) {
        this.weiboText = weiboText;
    }

    public String getScheduledAt() {
        return scheduledAt;
    }

    public void setScheduledAt(String scheduledAt) {
        this.scheduledAt = scheduledAt;
    }

    public boolean isPersonalDataReviewed() {
        return personalDataReviewed;
    }

    public void setPersonalDataReviewed(boolean personalDataReviewed) {
        this.personalDataReviewed = personalDataReviewed;
    }

    public String getCoverMediaId() {
        return coverMediaId;
    }

    public void setCoverMediaId(String coverMediaId) {
        this.coverMediaId = coverMediaId;
    }

    public List<Attachment> getAttachments() {
        return attachments;
    }

    public void setAttachments(List<Attachment> attachments) {
        this.attachments = attachments;
    }
}
