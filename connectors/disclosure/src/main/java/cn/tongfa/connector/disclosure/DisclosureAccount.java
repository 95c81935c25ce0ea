package cn.tongfa.connector.disclosure;

/**
 * One agency's credentials on the disclosure column, bound from
 * {@code tongfa.connectors.disclosure.accounts.<agency>.*}.
 *
 * @param appKey    the app key the platform issued ({@code app-key})
 * @param appSecret the secret requests are signed with ({@code app-secret})
 */
public record DisclosureAccount(String appKey, String appSecret) {

    @Override
    public String toString() {
        return "DisclosureAccount[appKey=" + appKey + ", appSecret=***]";
    }
}
