package cn.tongfa.hub.content;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import cn.tongfa.connector.api.Channels;

/**
 * The content checks an item passes before it is submitted for review and again before it is published.
 *
 * <p>{@link #check(ContentInput)} answers, all at once so the editor fixes everything in one pass:
 * <ol>
 * <li>the body sanitised against the allow-list of government articles; what was removed is a warning, not a
 * problem, because the sanitised body replaces the original;</li>
 * <li>channel limits (title lengths, WeChat digest and author, Weibo text with the portal link, no Weibo
 * topics) for the chosen channels;</li>
 * <li>personal data (身份证号, 手机号, 银行卡号) in the title, summary, body text and the chosen channels'
 * overrides: a problem unless the editor marked it reviewed, then a warning;</li>
 * <li>sensitive words in the same fields: always a problem;</li>
 * <li>the same two checks on the text of each attachment, page by page or sheet by sheet, the finding naming the
 * attachment and the page or sheet (field {@code attachments[i]}); an attachment, or a page of one, whose text
 * cannot be read, and one whose text was cut at the reader's limit, is a finding of personal data too: someone
 * must look at it, and the editor's "reviewed" makes it a warning like the others.</li>
 * </ol>
 * The body is scanned after sanitising, as the reader will see it; at most {@value #LISTED_PER_FIELD}
 * findings per field and kind of check are listed one by one, the rest are counted in one more problem.
 *
 * <p>Thread-safe; build it once ({@link #of}, or inject the bean configured from {@code tongfa.content.*}).
 */
public final class ContentCheck {

    static final int LISTED_PER_FIELD = 20;

    private final BodyHtmlSanitizer sanitizer;
    private final PersonalDataScanner personalData;
    private final SensitiveWords sensitiveWords;
    private final ChannelLimits limits = new ChannelLimits();
    private final ImageLimits imageLimits = new ImageLimits();

    ContentCheck(BodyHtmlSanitizer sanitizer, PersonalDataScanner personalData, SensitiveWords sensitiveWords) {
        this.sanitizer = sanitizer;
        this.personalData = personalData;
        this.sensitiveWords = sensitiveWords;
    }

    /**
     * A check with the given sensitive words and iframe hosts (see {@link SensitiveWords} and
     * {@link BodyHtmlSanitizer} for how they are used).
     */
    public static ContentCheck of(Collection<String> sensitiveWords, Collection<String> iframeHosts) {
        return from(new ContentSettings(List.copyOf(sensitiveWords), null, List.copyOf(iframeHosts)));
    }

    static ContentCheck from(ContentSettings settings) {
        return new ContentCheck(new BodyHtmlSanitizer(settings.validatedIframeHosts()), new PersonalDataScanner(),
                SensitiveWords.of(settings.allSensitiveWords()));
    }

    /**
     * Each chosen channel's view of the item's text, one entry per channel and field: the channel limits it
     * breaks (as {@link #check} reports them) followed by what a channel will shorten. For answering an item that
     * cannot even be stored with every channel's reason at once.
     */
    public List<ContentProblem> channelPreflight(ContentInput input) {
        List<ContentProblem> all = new ArrayList<>(limits.check(input));
        all.addAll(limits.notes(input));
        return all;
    }

    /**
     * Each chosen channel's problems with the item's images (cover and body images, from the media library's
     * records): types, sizes and animations a channel cannot carry; each message opens with the channel's name.
     */
    public List<ContentProblem> imagePreflight(List<String> channels, List<ImageFact> images) {
        return imageLimits.check(channels == null ? List.of() : channels, images == null ? List.of() : images);
    }

    /** The body sanitised, without the other checks (e.g. to store a draft). */
    public SanitizedHtml sanitize(String html) {
        return sanitizer.sanitize(html);
    }

    /** Every problem and warning of the item's content, and its sanitised body. */
    public ContentReport check(ContentInput input) {
        List<ContentProblem> problems = new ArrayList<>(limits.check(input));
        List<ContentProblem> warnings = new ArrayList<>(limits.notes(input));

        SanitizedHtml body = sanitizer.sanitize(input.bodyHtml());
        body.removals().forEach(removal -> warnings.add(removalWarning(removal)));
        String bodyText = HtmlText.of(body.html());
        if (bodyText.isEmpty() && !body.html().contains("<img") && !body.html().contains("<iframe")) {
            problems.add(new ContentProblem("bodyHtml", ContentProblem.BODY_EMPTY, Texts.blank(input.bodyHtml())
                    ? "正文不能为空，请填写正文"
                    : "正文清理掉不允许的内容后为空，请填写正文"));
        }

        for (Field field : fields(input, bodyText)) {
            personalData(field, input.personalDataReviewed() ? warnings : problems, input.personalDataReviewed());
            sensitiveWords(field, problems);
        }
        for (int i = 0; i < input.attachments().size(); i++) {
            attachment("attachments[" + i + "]", input.attachments().get(i), input.personalDataReviewed(), problems,
                    warnings);
        }
        return new ContentReport(body.html(), body.changed(), problems, warnings);
    }

    private record Field(String path, String label, String text) {
    }

    private static List<Field> fields(ContentInput input, String bodyText) {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("title", "标题", input.title()));
        fields.add(new Field("summary", "摘要", input.summary()));
        fields.add(new Field("bodyHtml", "正文", bodyText));
        for (String channel : Channels.ALL) {
            Map<String, String> overrides = input.overrides().get(channel);
            if (overrides != null && input.channels().contains(channel)) {
                new TreeMap<>(overrides).forEach((key, value) -> fields.add(new Field(
                        "overrides." + channel + "." + key, overrideLabel(channel, key), value)));
            }
        }
        return fields;
    }

    private void personalData(Field field, List<ContentProblem> into, boolean reviewed) {
        List<PersonalDataScanner.Finding> findings = personalData.scan(field.text());
        for (int i = 0; i < Math.min(findings.size(), LISTED_PER_FIELD); i++) {
            PersonalDataScanner.Finding finding = findings.get(i);
            String where = field.label() + "第" + finding.position() + "个字符处疑似" + finding.kind().label() + " "
                    + finding.masked();
            into.add(new ContentProblem(field.path(), finding.kind().code(), reviewed
                    ? where + "（已勾选“已审查个人信息”，请审核人确认可以公开）"
                    : where + "，请删除或确认已脱敏后勾选“已审查个人信息”"));
        }
        if (findings.size() > LISTED_PER_FIELD) {
            into.add(new ContentProblem(field.path(), ContentProblem.PERSONAL_DATA_MORE, field.label() + "另有"
                    + (findings.size() - LISTED_PER_FIELD) + "处疑似个人信息未逐条列出，请一并检查"));
        }
    }

    private void attachment(String path, AttachmentText attachment, boolean reviewed, List<ContentProblem> problems,
            List<ContentProblem> warnings) {
        List<ContentProblem> into = reviewed ? warnings : problems;
        String name = "附件《" + attachment.name() + "》";
        String check = reviewed
                ? "（已勾选“已审查个人信息”，请审核人确认可以公开）"
                : "，请人工核对其中是否含有个人信息，核对后勾选“已审查个人信息”";
        if (attachment.unreadable() != null) {
            into.add(new ContentProblem(path, ContentProblem.ATTACHMENT_UNREADABLE,
                    name + "无法读取文字（" + attachment.unreadable() + "）" + check));
            return;
        }
        int personal = 0;
        int sensitive = 0;
        for (AttachmentText.Part part : attachment.parts()) {
            String where = name + part.label();
            if (part.unreadable() != null) {
                into.add(new ContentProblem(path, ContentProblem.ATTACHMENT_UNREADABLE,
                        where + "无法读取文字（" + part.unreadable() + "）" + check));
                continue;
            }
            for (PersonalDataScanner.Finding finding : personalData.scan(part.text())) {
                if (personal++ < LISTED_PER_FIELD) {
                    String found = where + "：发现疑似" + finding.kind().label() + " " + finding.masked() + "（已隐去部分）";
                    into.add(new ContentProblem(path, finding.kind().code(), reviewed
                            ? found + "（已勾选“已审查个人信息”，请审核人确认可以公开）"
                            : found + "，请删除或确认已脱敏后勾选“已审查个人信息”"));
                }
            }
            for (SensitiveWords.Match match : sensitiveWords.find(part.text())) {
                if (sensitive++ < LISTED_PER_FIELD) {
                    String as = match.matched().equals(match.word()) ? "" : "（原文为“" + match.matched() + "”）";
                    problems.add(new ContentProblem(path, ContentProblem.SENSITIVE_WORD,
                            where + "：含敏感词“" + match.word() + "”" + as + "，请删除或改写"));
                }
            }
        }
        if (personal > LISTED_PER_FIELD) {
            into.add(new ContentProblem(path, ContentProblem.PERSONAL_DATA_MORE, name + "另有"
                    + (personal - LISTED_PER_FIELD) + "处疑似个人信息未逐条列出，请一并检查"));
        }
        if (sensitive > LISTED_PER_FIELD) {
            problems.add(new ContentProblem(path, ContentProblem.SENSITIVE_WORD_MORE, name + "另有"
                    + (sensitive - LISTED_PER_FIELD) + "处敏感词未逐条列出，请一并删除或改写"));
        }
        if (attachment.truncated()) {
            into.add(new ContentProblem(path, ContentProblem.ATTACHMENT_TRUNCATED,
                    name + "文字过长，只检查了前面的部分" + (reviewed ? check
                            : "，请人工核对其余部分是否含有个人信息，核对后勾选“已审查个人信息”")));
        }
    }

    private void sensitiveWords(Field field, List<ContentProblem> problems) {
        List<SensitiveWords.Match> matches = sensitiveWords.find(field.text());
        for (int i = 0; i < Math.min(matches.size(), LISTED_PER_FIELD); i++) {
            SensitiveWords.Match match = matches.get(i);
            String as = match.matched().equals(match.word()) ? "" : "（原文为“" + match.matched() + "”）";
            problems.add(new ContentProblem(field.path(), ContentProblem.SENSITIVE_WORD, field.label() + "第"
                    + match.position() + "个字符处含敏感词“" + match.word() + "”" + as + "，请删除或改写"));
        }
        if (matches.size() > LISTED_PER_FIELD) {
            problems.add(new ContentProblem(field.path(), ContentProblem.SENSITIVE_WORD_MORE, field.label() + "另有"
                    + (matches.size() - LISTED_PER_FIELD) + "处敏感词未逐条列出，请一并删除或改写"));
        }
    }

    private static String overrideLabel(String channel, String key) {
        String what = switch (channel + "." + key) {
            case "wechat.title" -> "标题";
            case "wechat.digest" -> "摘要";
            case "wechat.author" -> "作者";
            case "weibo.text" -> "文字";
            case "disclosure.summary" -> "内容概述";
            default -> "设置“" + key + "”";
        };
        return Channels.label(channel) + what;
    }

    private static ContentProblem removalWarning(SanitizedHtml.Removal removal) {
        String times = removal.count() > 1 ? "（" + removal.count() + "处）" : "";
        String after = "。发布时以清理后的正文为准，请检查排版";
        if (removal.isElement()) {
            String why = switch (removal.element()) {
                case "script" -> "：不允许脚本";
                case "style" -> "：不允许样式表，请用段落格式";
                case "iframe" -> "：只允许嵌入管理员配置的网站";
                case "img" -> "：图片地址须为 http、https 或站内地址（如上传后的 /media/…），不能内嵌 data: 图片";
                case "a" -> "：链接地址须为 http、https、mailto 或站内地址";
                default -> "：不在允许的排版标签之列";
            };
            return new ContentProblem("bodyHtml", ContentProblem.HTML_ELEMENT_REMOVED,
                    "正文中的<" + removal.element() + ">已删除" + times + why + after);
        }
        String attribute = removal.attribute();
        String why;
        if (attribute.startsWith("on")) {
            why = "：不允许事件脚本";
        } else if (attribute.equals("href") || attribute.equals("src")) {
            why = "：地址不安全或不受支持（不允许 javascript:、data: 等）";
        } else if (attribute.equals("style")) {
            why = "：只保留对齐、加粗和首行缩进";
        } else {
            why = "：不在允许的属性之列";
        }
        return new ContentProblem("bodyHtml", ContentProblem.HTML_ATTRIBUTE_REMOVED,
                "正文中<" + removal.element() + ">的“" + attribute + "”属性已删除" + times + why + after);
    }
}
