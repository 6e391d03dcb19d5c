package localaws.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

final class JsonAssert {
    private JsonAssert() {}

    /** Asserts pairs of field name and expected value (string, number or boolean). */
    static void fields(JsonNode node, Object... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            JsonNode v = node.path((String) pairs[i]);
            Object expected = pairs[i + 1];
            switch (expected) {
                case String s -> assertThat(v.asText()).as((String) pairs[i]).isEqualTo(s);
                case Integer n -> assertThat(v.asInt()).as((String) pairs[i]).isEqualTo(n);
                case Boolean b -> assertThat(v.asBoolean()).as((String) pairs[i]).isEqualTo(b);
                default -> throw new IllegalArgumentException(expected.toString());
            }
            assertThat(v.isMissingNode()).as((String) pairs[i] + " present").isFalse();
        }
    }
}
