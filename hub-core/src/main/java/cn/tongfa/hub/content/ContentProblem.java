package cn.tongfa.hub.content;

/**
 * One thing an editor has to fix (or, in {@link ContentReport#warnings()}, should know about).
 *
 * @param field   the JSON path of the field at fault, as the API's problem details name it: {@code title},
 *                {@code summary}, {@code bodyHtml}, {@code channels}, {@code overrides.weibo.text}…
 * @param code    a stable code for programs (one of the constants here)
 * @param message what is wrong and what to do, in Chinese, readable by an editor
 * @param channel the channel whose limit this is ({@code wechat}, …), or null when it is not one channel's
 */
public record ContentProblem(String field, String code, String message, String channel) {

    /** A problem of the item itself, not of one channel. */
    public ContentProblem(String field, String code, String message) {
        this(field, code, message, null);
    }

    public static final String CHANNELS_EMPTY = "channels.empty";
    public static final String CHANNEL_UNKNOWN = "channel.unknown";
    public static final String TITLE_REQUIRED = "title.required";
    public static final String TITLE_TOO_LONG = "title.tooLong";
    public static final String BODY_EMPTY = "bodyHtml.empty";
    public static final String WECHAT_TITLE_TOO_LONG = "wechat.titleTooLong";
    public static final String WECHAT_DIGEST_TOO_LONG = "wechat.digestTooLong";
    public static final String WECHAT_AUTHOR_TOO_LONG = "wechat.authorTooLong";
    public static final String WEIBO_TEXT_TOO_LONG = "weibo.textTooLong";
    public static final String WEIBO_TOPIC = "weibo.topic";
    public static final String WEIBO_LINK_TOO_LONG = "weibo.linkTooLong";
    /** Warning: the title does not fit in the Weibo post and will be shortened there. */
    public static final String WEIBO_TITLE_SHORTENED = "weibo.titleShortened";
    /** An image type a channel does not take (per channel). */
    public static final String IMAGE_TYPE_UNSUPPORTED = "image.typeUnsupported";
    /** An image too large for a channel's connector to process (per channel). */
    public static final String IMAGE_TOO_LARGE = "image.tooLarge";
    /** An image too small for what the channel makes of it, e.g. WeChat's cover card. */
    public static final String IMAGE_TOO_SMALL = "image.tooSmall";
    /** An animated GIF that the channel would turn into its first frame. */
    public static final String IMAGE_ANIMATION_LOST = "image.animationLost";
    /** A resident identity card number (身份证号). */
    public static final String ID_CARD = "personalData.idCard";
    /** A mainland mobile number (手机号). */
    public static final String MOBILE = "personalData.mobile";
    /** A bank card number (银行卡号). */
    public static final String BANK_CARD = "personalData.bankCard";
    /** More findings of personal data in one field than are listed one by one. */
    public static final String PERSONAL_DATA_MORE = "personalData.more";
    /**
     * An attachment, or a page or sheet of one, whose text cannot be read (encrypted, damaged, scanned images
     * without a text layer): someone must check it by eye. Overridden by the editor's review like personal data.
     */
    public static final String ATTACHMENT_UNREADABLE = "attachment.unreadable";
    /** An attachment whose text is longer than the reader keeps: the rest was not checked. */
    public static final String ATTACHMENT_TRUNCATED = "attachment.truncated";
    public static final String SENSITIVE_WORD = "sensitiveWord";
    /** More sensitive words in one field than are listed one by one. */
    public static final String SENSITIVE_WORD_MORE = "sensitiveWord.more";
    /** Warning: the sanitiser removed an element (its content may be kept, as for an unknown inline tag). */
    public static final String HTML_ELEMENT_REMOVED = "html.elementRemoved";
    /** Warning: the sanitiser removed an attribute of an element it kept. */
    public static final String HTML_ATTRIBUTE_REMOVED = "html.attributeRemoved";
}
