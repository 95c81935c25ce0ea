package cn.tongfa.hub.content;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the content checks ({@code tongfa.content.*}), checked when the {@link ContentCheck} is built: a
 * mistake stops the hub with a message naming the key.
 *
 * @param sensitiveWords     sensitive words, listed in the configuration; none by default
 * @param sensitiveWordsFile a UTF-8 file with one sensitive word per line (blank lines and lines starting with
 *                           {@code #} are skipped), added to {@code sensitiveWords}; optional
 * @param iframeHosts        host names whose pages the body may embed in an {@code iframe}, exactly as in the URL
 *                           (no scheme, port or path; subdomains are not implied); none by default
 */
@ConfigurationProperties("tongfa.content")
record ContentSettings(List<String> sensitiveWords, Path sensitiveWordsFile, List<String> iframeHosts) {

    private static final Pattern HOST = Pattern.compile(
            "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    ContentSettings {
        sensitiveWords = sensitiveWords == null ? List.of() : List.copyOf(sensitiveWords);
        iframeHosts = iframeHosts == null ? List.of() : List.copyOf(iframeHosts);
    }

    /** The words from the list and from the file. */
    List<String> allSensitiveWords() {
        List<String> words = new ArrayList<>(sensitiveWords);
        if (sensitiveWordsFile != null) {
            String key = "tongfa.content.sensitive-words-file";
            if (!Files.isRegularFile(sensitiveWordsFile)) {
                throw new IllegalStateException(key + ": no such file '" + sensitiveWordsFile.toAbsolutePath() + "'");
            }
            try {
                for (String line : Files.readAllLines(sensitiveWordsFile, StandardCharsets.UTF_8)) {
                    String word = line.startsWith("\ufeff") ? line.substring(1) : line;
                    if (!word.isBlank() && !word.strip().startsWith("#")) {
                        words.add(word.strip());
                    }
                }
            } catch (CharacterCodingException e) {
                throw new IllegalStateException(key + ": '" + sensitiveWordsFile + "' is not UTF-8 text", e);
            } catch (IOException e) {
                throw new IllegalStateException(key + ": cannot read '" + sensitiveWordsFile + "': " + e, e);
            }
        }
        return words;
    }

    /** The iframe hosts in lower case. */
    List<String> validatedIframeHosts() {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < iframeHosts.size(); i++) {
            String host = iframeHosts.get(i) == null ? "" : iframeHosts.get(i).strip().toLowerCase(Locale.ROOT);
            if (!HOST.matcher(host).matches()) {
                throw new IllegalStateException("tongfa.content.iframe-hosts[" + i + "] must be a host name such as "
                        + "player.example.cn (no scheme, port or path), was '" + iframeHosts.get(i) + "'");
            }
            hosts.add(host);
        }
        return List.copyOf(hosts);
    }
}
