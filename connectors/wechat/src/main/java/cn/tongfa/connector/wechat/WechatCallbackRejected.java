package cn.tongfa.connector.wechat;

/**
 * A message to the callback endpoint that did not come from WeChat with this account's keys (bad signature,
 * wrong AppID, undecryptable, or not configured for callbacks). Nothing of it was used. The message never
 * contains a key.
 */
public final class WechatCallbackRejected extends Exception {

    WechatCallbackRejected(String message) {
        super(message);
    }

    WechatCallbackRejected(String message, Throwable cause) {
        super(message, cause);
    }
}
