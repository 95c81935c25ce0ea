package cn.tongfa.connector.wechat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * The OkHttp clients of the connector, both for WeChat's API: the plain one underneath, and the one WxJava uses.
 * Images are never fetched with them: they come from the hub's media library ({@code MediaDownload}).
 */
final class WechatHttp {

    /** The server answered with an HTTP error status: WeChat itself answers 200, so a gateway refused. */
    static final class StatusException extends IOException {
        private final int status;

        StatusException(int status, String path) {
            super("HTTP " + status + " " + path);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private WechatHttp() {
    }

    /**
     * The base client. OkHttp must not silently repeat a request whose answer
     * was lost: for a publish call that is exactly the duplicate we must avoid. Pooled connections are kept
     * for less time than servers usually keep them open, so a stale one is rarely picked.
     */
    static OkHttpClient plain(Duration requestTimeout) {
        return new OkHttpClient.Builder()
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(requestTimeout)
                .writeTimeout(requestTimeout)
                .retryOnConnectionFailure(false)
                .connectionPool(new ConnectionPool(5, 20, TimeUnit.SECONDS))
                .build();
    }

    /**
     * The client for WeChat's API. WxJava reads every answer as JSON whatever its status, so a gateway's
     * 503 page would pass as success; this client turns an HTTP error status into {@link StatusException}.
     */
    static OkHttpClient api(OkHttpClient plain) {
        return plain.newBuilder()
                .addInterceptor(chain -> {
                    Response response = chain.proceed(chain.request());
                    if (!response.isSuccessful()) {
                        response.close();
                        throw new StatusException(response.code(), chain.request().url().encodedPath());
                    }
                    return response;
                })
                .build();
    }
}
