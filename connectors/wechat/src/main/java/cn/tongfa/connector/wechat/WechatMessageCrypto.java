package cn.tongfa.connector.wechat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import me.chanjar.weixin.common.util.crypto.SHA1;

/**
 * The cryptography of WeChat's pushed messages: the signatures (WxJava's {@link SHA1#gen}: SHA-1 of the sorted,
 * concatenated parts) and the safe-mode decryption.
 *
 * <p>Decryption is done here and not with WxJava's {@code WxCryptUtil}: in weixin-java-mp 4.7.0 its AppID check
 * is commented out and its PKCS#7 decoder accepts any padding, so a message encrypted for another account with
 * the same key would pass. The format is WeChat's: AES-256-CBC with the key
 * {@code Base64(EncodingAESKey + "=")} and its first 16 bytes as IV, over
 * {@code random(16) ‖ length(4, big-endian) ‖ message ‖ AppID}, padded PKCS#7-style to a multiple of 32 bytes.
 */
final class WechatMessageCrypto {

    static final int AES_KEY_CHARS = 43;
    private static final int BLOCK = 32;

    private WechatMessageCrypto() {
    }

    /** The 32-byte AES key of an EncodingAESKey, or null when the text is not one. */
    static byte[] aesKey(String encodingAesKey) {
        if (encodingAesKey == null || encodingAesKey.strip().length() != AES_KEY_CHARS) {
            return null;
        }
        try {
            byte[] key = Base64.getDecoder().decode(encodingAesKey.strip() + "=");
            return key.length == 32 ? key : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** True when {@code signature} is the SHA-1 of the sorted parts. Compared in constant time. */
    static boolean signed(String signature, String... parts) {
        if (signature == null || signature.isBlank()) {
            return false;
        }
        for (String part : parts) {
            // SHA1.gen refuses empty parts with a message that lists them all, token included: never let it.
            if (part == null || part.isEmpty()) {
                return false;
            }
        }
        String expected = SHA1.gen(parts);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Decrypts the {@code Encrypt} text of a safe-mode message.
     *
     * @throws WechatCallbackRejected when it does not decrypt with this key, is malformed, or was encrypted for
     *                                another AppID
     */
    static String decrypt(byte[] aesKey, String appId, String encrypted) throws WechatCallbackRejected {
        byte[] cipherText;
        try {
            cipherText = Base64.getMimeDecoder().decode(encrypted.strip());
        } catch (IllegalArgumentException e) {
            throw new WechatCallbackRejected("密文不是合法的Base64");
        }
        if (cipherText.length == 0 || cipherText.length % 16 != 0) {
            throw new WechatCallbackRejected("密文长度不正确");
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"),
                    new IvParameterSpec(Arrays.copyOfRange(aesKey, 0, 16)));
            plain = cipher.doFinal(cipherText);
        } catch (GeneralSecurityException e) {
            throw new WechatCallbackRejected("解密失败");
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > BLOCK || pad > plain.length) {
            throw new WechatCallbackRejected("解密后补位不正确（EncodingAESKey 不匹配？）");
        }
        for (int i = plain.length - pad; i < plain.length; i++) {
            if ((plain[i] & 0xff) != pad) {
                throw new WechatCallbackRejected("解密后补位不正确（EncodingAESKey 不匹配？）");
            }
        }
        int end = plain.length - pad;
        if (end < 20) {
            throw new WechatCallbackRejected("解密后数据过短");
        }
        int length = ByteBuffer.wrap(plain, 16, 4).getInt();
        if (length < 0 || 20 + length > end) {
            throw new WechatCallbackRejected("解密后消息长度不正确");
        }
        String from = new String(plain, 20 + length, end - 20 - length, StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(from.getBytes(StandardCharsets.UTF_8), appId.getBytes(StandardCharsets.UTF_8))) {
            throw new WechatCallbackRejected("消息属于另一个公众号（AppID " + from + "）");
        }
        return new String(plain, 20, length, StandardCharsets.UTF_8);
    }
}
