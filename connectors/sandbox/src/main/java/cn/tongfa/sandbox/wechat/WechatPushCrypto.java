package cn.tongfa.sandbox.wechat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and encrypts pushed messages the way WeChat's servers do, on the JDK alone, so that the connector's
 * side (WxJava and its own checks) meets an independent implementation in the tests.
 *
 * <ul>
 *   <li>signature: SHA-1, lower-case hex, of the parts sorted as strings and concatenated;</li>
 *   <li>safe mode: AES-256-CBC, key = Base64 of the 43-character EncodingAESKey plus "=", IV = the key's first
 *       16 bytes, no cipher padding; plaintext = 16 random bytes, the message's UTF-8 length as 4 big-endian
 *       bytes, the message, the AppID, then PKCS#7 padding to a multiple of 32 bytes; the result in Base64.</li>
 * </ul>
 */
public final class WechatPushCrypto {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BLOCK = 32;

    private WechatPushCrypto() {
    }

    /** SHA-1 of the sorted, concatenated parts, as WeChat's {@code signature} and {@code msg_signature}. */
    public static String signature(String... parts) {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Encrypts a message for an account in safe mode, as the {@code Encrypt} element carries it. */
    public static String encrypt(String encodingAesKey, String appId, String message) {
        byte[] key = Base64.getDecoder().decode(encodingAesKey + "=");
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        plain.writeBytes(random);
        plain.writeBytes(ByteBuffer.allocate(4).putInt(text.length).array());
        plain.writeBytes(text);
        plain.writeBytes(appId.getBytes(StandardCharsets.UTF_8));
        int pad = BLOCK - plain.size() % BLOCK;
        for (int i = 0; i < pad; i++) {
            plain.write(pad);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new IvParameterSpec(Arrays.copyOfRange(key, 0, 16)));
            return Base64.getEncoder().encodeToString(cipher.doFinal(plain.toByteArray()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt with this EncodingAESKey", e);
        }
    }
}
