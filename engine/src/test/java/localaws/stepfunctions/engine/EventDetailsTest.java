package localaws.stepfunctions.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import localaws.stepfunctions.json.JsonPaths;
import org.junit.jupiter.api.Test;

/**
 * An event's details kept in parts read as the same JSON the engine wrote with Jackson before
 * (payload escaped as a string, its {@code …Details}, the name, the other fields), whatever the
 * payload and name hold.
 */
class EventDetailsTest {
    private static final String[] PAYLOADS = {
        "{}", "{\"a\":\"quote \\\" backslash \\\\ tab \\t newline \\n\"}", "[1,2.5,null,true]", "\"text\"",
        "{\"unicode\":\"é ✓ 😀 \\u0001\"}", ""};

    @Test
    void parts_readAsTheObjectTheyStandFor() throws Exception {
        for (String payload : PAYLOADS) {
            for (String name : new String[] {null, "Wait for \"close\"", "Étape\t1"}) {
                for (String fields : new String[] {null, "{}", "{\"roleArn\":\"arn:aws:iam::1:role/r\",\"timeoutInSeconds\":5}"}) {
                    ObjectNode expected = fields == null ? JsonPaths.MAPPER.createObjectNode() : (ObjectNode) JsonPaths.MAPPER.readTree(fields);
                    expected.put("input", payload);
                    expected.putObject("inputDetails").put("truncated", false);
                    if (name != null) {
                        expected.put("name", name);
                    }
                    String json = EventDetails.payload(fields, "input", payload, name).json();
                    JsonNode read = JsonPaths.MAPPER.readTree(json);
                    assertThat(read).as(json).isEqualTo(expected);
                    assertThat(read.path("input").asText()).isEqualTo(payload);
                }
            }
        }
    }

    @Test
    void text_isKeptAsItIs_andEmptyIsNone() {
        assertThat(EventDetails.text("{\"error\":\"E\"}").json()).isEqualTo("{\"error\":\"E\"}");
        assertThat(EventDetails.text("")).isSameAs(EventDetails.NONE);
        assertThat(EventDetails.text(null)).isSameAs(EventDetails.NONE);
        assertThat(EventDetails.NONE.json()).isEmpty();
    }
}
