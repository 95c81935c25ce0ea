package cn.tongfa.connector.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DisclosureClientTest {

    @Test
    void signsAsTheContractsWorkedExample() {
        // docs/disclosure-api.md, "Authentication"
        assertThat(DisclosureClient.sign("s3cret", "1795240800", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("88010a22326d091b4a58bb5bd5737aee9852ddb7d8f4298030f20a735ffcbbd7");
    }
}
