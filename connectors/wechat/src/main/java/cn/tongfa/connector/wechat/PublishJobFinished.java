package cn.tongfa.connector.wechat;

import java.util.List;

/**
 * What WeChat pushed about a finished publish job (event {@code PUBLISHJOBFINISH}, its
 * {@code PublishEventInfo}), after {@link WechatCallbacks} checked where it came from.
 *
 * @param agency        the agency whose account received it (from the callback URL)
 * @param publishId     the publish job ({@code publish_id} of {@code freepublish/submit})
 * @param publishStatus 0 published, 2 originality check failed, 3 failed, 4 review rejected, 5 deleted,
 *                      6 blocked (1 "publishing" is never pushed)
 * @param articleId     the published article's id, or null when the job failed
 * @param articleUrls   the articles' URLs in draft order ({@code article_detail.item[].article_url})
 * @param failIdx       positions (from 1) of the articles that failed, empty when none
 * @param authenticated true when the message itself was authenticated: in safe mode (安全模式) the content is
 *                      encrypted and signed with the account's keys. In plain mode (明文模式) WeChat's signature
 *                      covers only timestamp and nonce, not the body, so the content is a hint to look the job
 *                      up, never a fact to record.
 */
public record PublishJobFinished(String agency, String publishId, int publishStatus, String articleId,
        List<String> articleUrls, List<Integer> failIdx, boolean authenticated) {

    public PublishJobFinished {
        articleUrls = articleUrls == null ? List.of() : List.copyOf(articleUrls);
        failIdx = failIdx == null ? List.of() : List.copyOf(failIdx);
    }
}
