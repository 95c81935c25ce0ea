package cn.tongfa.connector.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** The wire schemas published by connector-api, loaded from the classpath as every consumer would. */
final class Schemas {

    static final JsonSchema ITEM_EVENT = load("/schemas/item-event.v1.schema.json");
    static final JsonSchema DELIVERY_EVENT = load("/schemas/delivery-event.v1.schema.json");

    private Schemas() {
    }

    private static JsonSchema load(String path) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = Schemas.class.getResourceAsStream(path)) {
            assertThat(in).as(path + " on the classpath").isNotNull();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Set<ValidationMessage> errors(JsonSchema schema, byte[] json) {
        return schema.validate(new String(json, StandardCharsets.UTF_8), InputFormat.JSON);
    }

    static void assertValid(JsonSchema schema, byte[] json) {
        assertThat(errors(schema, json)).as(new String(json, StandardCharsets.UTF_8)).isEmpty();
    }
}
