package cn.tongfa.connector.wechat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

import javax.net.ssl.SSLHandshakeException;

import cn.tongfa.connector.api.DeliveryException;
import cn.tongfa.connector.api.PermanentDeliveryException;
import cn.tongfa.connector.api.RetriableDeliveryException;
import cn.tongfa.connector.api.UnconfirmedDeliveryException;
import me.chanjar.weixin.common.error.WxError;
import me.chanjar.weixin.common.error.WxErrorException;

/**
 * Classifies what went wrong in one WeChat call: retriable (nothing reached WeChat, or WeChat asked us to
 * wait), permanent (WeChat refused, or the configuration is wrong) or unconfirmed (a call that creates or
 * publishes something may have taken effect).
 */
final class WechatFailures {

    /** The steps of a delivery, named for editors; {@code mutating} steps may take effect unseen. */
    enum Step {
        TOKEN("获取接口凭证", false),
        COVER("上传封面图片", false),
        BODY_IMAGE("上传正文图片", false),
        DRAFT("新建草稿", true),
        SUBMIT("提交发布", true),
        STATUS("查询发布状态", false),
        LIST("查询已发布文章", false),
        DELETE("删除已发布文章", true);

        final String label;
        final boolean mutating;

        Step(String label, boolean mutating) {
            this.label = label;
            this.mutating = mutating;
        }
    }

    /**
     * Codes whose cause is the account's configuration or standing, not the article, when they end a delivery
     * for good (40001 does so only from the token call, where it means a wrong AppSecret).
     */
    static boolean isAccountProblem(int code) {
        return code == 40013 || code == 40125 || code == 40164 || code == 48001 || code == 41002 || code == 41004
                || code == 40001;
    }

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private final Clock clock;

    WechatFailures(Clock clock) {
        this.clock = clock;
    }

    DeliveryException classify(Step step, String agency, Exception failure) {
        if (failure instanceof WxErrorException wx && wx.getError() != null && !isLocal(wx)) {
            return byCode(step, agency, wx.getError(), wx);
        }
        IOException io = ioCause(failure);
        if (io instanceof WechatHttp.StatusException status) {
            return byStatus(step, status);
        }
        if (io != null && notSent(io)) {
            return new RetriableDeliveryException(null, step.label + "失败：无法连接微信接口（" + io + "），稍后重试",
                    failure);
        }
        if (step.mutating) {
            return new UnconfirmedDeliveryException(step.label + "的请求已发出但未得到答复（" + describe(failure)
                    + "），可能已经生效：需先查询确认再重试", failure);
        }
        return new RetriableDeliveryException(null, step.label + "失败：" + describe(failure) + "，稍后重试", failure);
    }

    private DeliveryException byCode(Step step, String agency, WxError error, Exception cause) {
        int code = error.getErrorCode();
        String codeText = String.valueOf(code);
        String prefix = step.label + "失败：";
        String suffix = "（错误码 " + code + "）";
        if (code == 40001 && step == Step.TOKEN) {
            // From the token call itself, 40001 is WeChat's answer to an AppSecret that is wrong or not the account's.
            return new PermanentDeliveryException(codeText, prefix + "公众号AppSecret错误" + suffix + "，请检查配置项 "
                    + WechatSettings.accountKey(agency, "secret"), cause);
        }
        return switch (code) {
            case -1 -> new RetriableDeliveryException(codeText, prefix + "微信系统繁忙" + suffix + "，稍后重试", cause);
            case 45011 -> new RetriableDeliveryException(codeText, prefix + "接口调用过于频繁" + suffix + "，一分钟后重试",
                    Duration.ofMinutes(1), cause);
            case 45009 -> new RetriableDeliveryException(codeText, prefix + "接口调用次数已达今日上限" + suffix
                    + "，北京时间零点后重试", untilBeijingMidnight(), cause);
            case 40001, 40014, 42001 -> new RetriableDeliveryException(codeText, prefix
                    + "接口凭证（access_token）无效或已过期，已重新获取仍失败" + suffix + "，稍后重试", cause);
            case 40013, 41002 -> new PermanentDeliveryException(codeText, prefix + "公众号AppID无效" + suffix
                    + "，请检查配置项 " + WechatSettings.accountKey(agency, "app-id"), cause);
            case 40125, 41004 -> new PermanentDeliveryException(codeText, prefix + "公众号AppSecret无效" + suffix
                    + "，请检查配置项 " + WechatSettings.accountKey(agency, "secret")
                    + "（在微信公众平台“设置与开发 → 基本配置”中重置后须同步更新）", cause);
            case 40164 -> new PermanentDeliveryException(codeText, prefix + "本系统的出口IP不在公众号的IP白名单中" + suffix
                    + "，请在微信公众平台“设置与开发 → 基本配置”中添加：" + original(error), cause);
            case 48001 -> new PermanentDeliveryException(codeText, prefix + "公众号没有该接口的权限" + suffix
                    + "，发布能力要求公众号已完成微信认证", cause);
            case 40007 -> new PermanentDeliveryException(codeText, prefix + "素材media_id无效" + suffix, cause);
            case 45166 -> new PermanentDeliveryException(codeText, prefix + "文章内容不符合微信规范" + suffix
                    + "，请检查正文中的链接、脚本和特殊格式", cause);
            case 41039 -> new PermanentDeliveryException(codeText, prefix + "“阅读原文”链接无效" + suffix
                    + "，请检查门户网站地址配置", cause);
            case 53503 -> new PermanentDeliveryException(codeText, prefix + "草稿未通过发布前检查" + suffix
                    + "，请检查文章内容", cause);
            case 53600 -> new PermanentDeliveryException(codeText, prefix + "文章ID无效" + suffix, cause);
            case 45002 -> new PermanentDeliveryException(codeText, prefix + "正文超过微信的长度限制" + suffix, cause);
            case 45003 -> new PermanentDeliveryException(codeText, prefix + "标题超过微信的长度限制" + suffix, cause);
            case 45004 -> new PermanentDeliveryException(codeText, prefix + "摘要超过微信的长度限制" + suffix, cause);
            case 45110 -> new PermanentDeliveryException(codeText, prefix + "作者超过微信的长度限制" + suffix
                    + "，请检查配置项 " + WechatSettings.accountKey(agency, "author"), cause);
            default -> new PermanentDeliveryException(codeText, prefix + "微信接口返回错误：" + error.getErrorMsg()
                    + suffix, cause);
        };
    }

    private static DeliveryException byStatus(Step step, WechatHttp.StatusException status) {
        int code = status.status();
        String codeText = "HTTP " + code;
        if (code == 404) {
            return new PermanentDeliveryException(codeText, step.label + "失败：微信接口地址不存在（" + status.getMessage()
                    + "），请检查配置项 " + WechatSettings.PREFIX + ".api-host", status);
        }
        // A gateway that is unavailable or throttling has not passed the request on.
        if (code == 503 || code == 429 || !step.mutating) {
            return new RetriableDeliveryException(codeText, step.label + "失败：微信接口暂时不可用（" + status.getMessage()
                    + "），稍后重试", status);
        }
        return new UnconfirmedDeliveryException(step.label + "的请求得到了错误答复（" + status.getMessage()
                + "），可能已经生效：需先查询确认再重试", status);
    }

    private Duration untilBeijingMidnight() {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(BEIJING));
        return Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(BEIJING));
    }

    /** WxJava reports its own failures (I/O, unreadable answers) as code -99. */
    private static boolean isLocal(WxErrorException wx) {
        return wx.getError().getErrorCode() == -99;
    }

    /** Failures that happen before the request leaves: nothing can have reached WeChat. */
    private static boolean notSent(IOException io) {
        if (io instanceof ConnectException || io instanceof UnknownHostException
                || io instanceof NoRouteToHostException || io instanceof SSLHandshakeException) {
            return true;
        }
        return io instanceof SocketTimeoutException
                && String.valueOf(io.getMessage()).toLowerCase(Locale.ROOT).contains("connect");
    }

    private static IOException ioCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String describe(Throwable failure) {
        IOException io = ioCause(failure);
        if (io instanceof InterruptedIOException) {
            return "等待答复超时";
        }
        Throwable shown = io != null ? io : failure;
        return shown.getClass().getSimpleName() + (shown.getMessage() == null ? "" : "：" + shown.getMessage());
    }

    private static String original(WxError error) {
        return error.getErrorMsgEn() != null ? error.getErrorMsgEn() : error.getErrorMsg();
    }
}
