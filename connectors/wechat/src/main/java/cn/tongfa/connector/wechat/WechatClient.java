package cn.tongfa.connector.wechat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.util.http.RequestExecutor;
import me.chanjar.weixin.mp.api.impl.WxMpServiceOkHttpImpl;
import me.chanjar.weixin.mp.bean.draft.WxMpAddDraft;
import me.chanjar.weixin.mp.bean.draft.WxMpDraftArticles;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishList;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishStatus;
import me.chanjar.weixin.mp.bean.material.WxMpMaterial;
import me.chanjar.weixin.mp.config.WxMpHostConfig;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import okhttp3.OkHttpClient;

/**
 * The WeChat API calls the connector makes for one official account, through WxJava. Errors come out as
 * WxJava reports them ({@link WxErrorException}, or a runtime exception wrapping an I/O failure of the token
 * call); {@link WechatFailures} classifies them. Thread-safe: WxJava guards the token with a lock.
 */
final class WechatClient {

    private final WxMpServiceOkHttpImpl service;

    WechatClient(WechatAccount account, String apiHost, OkHttpClient http) {
        WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
        config.setAppId(account.appId());
        config.setSecret(account.secret());
        // stable_token is not invalidated when another system fetches a token for the same AppID.
        config.useStableAccessToken(true);
        if (apiHost != null) {
            // WxJava builds every URL, the token's included, as apiHost + path.
            config.setHostConfig(WxMpHostConfig.builder().apiHost(apiHost).build());
        }
        this.service = new Service(http);
        service.setWxMpConfigStorage(config);
    }

    void token() throws WxErrorException {
        service.getAccessToken(false);
    }

    /** Uploads a permanent image (封面) and answers its media_id. */
    String uploadImageMaterial(byte[] image, String fileName) throws WxErrorException, IOException {
        Path file = tempFile(image, fileName);
        try {
            return service.getMaterialService()
                    .materialFileUpload("image", new WxMpMaterial(fileName, file.toFile(), null, null))
                    .getMediaId();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Uploads an image used inside an article body and answers its URL on WeChat's servers. */
    String uploadBodyImage(byte[] image, String fileName) throws WxErrorException, IOException {
        Path file = tempFile(image, fileName);
        try {
            return service.getMaterialService().mediaImgUpload(file.toFile()).getUrl();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    String addDraft(WechatArticle article, String thumbMediaId) throws WxErrorException {
        WxMpDraftArticles draft = WxMpDraftArticles.builder()
                .title(article.title())
                .author(article.author())
                .digest(article.digest())
                .content(article.content())
                .contentSourceUrl(article.contentSourceUrl())
                .thumbMediaId(thumbMediaId)
                .needOpenComment(0)
                .onlyFansCanComment(0)
                .build();
        return service.getDraftService().addDraft(WxMpAddDraft.builder().articles(List.of(draft)).build());
    }

    /** Submits a draft for publication and answers the publish job's id. */
    String submit(String draftMediaId) throws WxErrorException {
        // WxJava hands publish_id back as JSON text: a string id arrives quoted.
        return service.getFreePublishService().submit(draftMediaId).replace("\"", "");
    }

    WxMpFreePublishStatus status(String publishId) throws WxErrorException {
        return service.getFreePublishService().getPushStatus(publishId);
    }

    WxMpFreePublishList published(int offset, int count) throws WxErrorException {
        return service.getFreePublishService().getPublicationRecords(offset, count, 1);
    }

    void delete(String articleId) throws WxErrorException {
        service.getFreePublishService().deletePush(articleId, 0);
    }

    private static Path tempFile(byte[] bytes, String fileName) throws IOException {
        // WxJava uploads files only, and sends the file's name, whose extension WeChat checks.
        String extension = fileName.substring(fileName.lastIndexOf('.'));
        Path file = Files.createTempFile("tongfa-wechat-", extension);
        Files.write(file, bytes);
        return file;
    }

    /** WxJava's OkHttp service on our shared client, without its blocking retries. */
    private static final class Service extends WxMpServiceOkHttpImpl {

        private final OkHttpClient http;

        Service(OkHttpClient http) {
            this.http = http;
        }

        @Override
        public void initHttp() {
            // The shared client is built by the connector with its timeouts and status check.
        }

        @Override
        public OkHttpClient getRequestHttpClient() {
            return http;
        }

        @Override
        public <T, E> T execute(RequestExecutor<T, E> executor, String uri, E data) throws WxErrorException {
            // WxJava would sleep and retry "busy" (-1) up to five times inside deliver(); the runtime's own
            // back-off does that without holding the partition's thread. Token refresh on 40001/40014/42001
            // stays: executeInternal expires the token and repeats the call once.
            return executeInternal(executor, uri, data, false);
        }
    }
}
