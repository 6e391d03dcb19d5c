package localaws.stepfunctions.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link JsonText} writes exactly what Jackson's {@code toString()} does, for every kind of node. */
class JsonTextTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Test
    void twentyThousandRandomTrees_readTheSameAsJacksonWritesThem() {
        Random random = new Random(20261203);
        for (int i = 0; i < 20_000; i++) {
            JsonNode tree = tree(random, 0);
            assertThat(JsonText.of(tree)).as("tree %d", i).isEqualTo(tree.toString());
        }
    }

    @Test
    void theAwkwardOnes() {
        ObjectNode o = F.objectNode();
        o.put("control", "a\u0000b\u0001\b\f\n\r\t\u001f\u007f");
        o.put("quotes \"and\" \\ slashes /", "</script>");
        o.put("unicode", "é ü 𝄞 \u2028 \u2029 \ud800");
        o.put("nan", Double.NaN).put("inf", Double.NEGATIVE_INFINITY).put("tiny", 4.9E-324).put("big", 1.0E300).put("whole", 2.0);
        o.put("float", 1.1f).put("decimal", new BigDecimal("1E+3")).put("plain", new BigDecimal("0.000001"));
        o.put("bigint", new BigInteger("123456789012345678901234567890")).put("short", (short) -7).put("long", Long.MIN_VALUE);
        o.put("binary", new byte[] {1, 2, 3}).putPOJO("pojo", java.util.List.of("x"));
        o.putNull("null").put("empty", "").putObject("o");
        o.putArray("a").addArray();
        assertThat(JsonText.of(o)).isEqualTo(o.toString());
        JsonNode deep = F.arrayNode();
        for (int d = 0; d < 900; d++) {
            deep = F.arrayNode().add(deep);
        }
        assertThat(JsonText.of(deep)).isEqualTo(deep.toString());
        JsonNode tooDeep = F.arrayNode().add(F.arrayNode().add(deep).add(deep));
        for (int d = 0; d < 200; d++) {
            tooDeep = F.arrayNode().add(tooDeep);
        }
        JsonNode refused = tooDeep;
        assertThatThrownBy(refused::toString).hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> JsonText.of(refused)).as("refused as Jackson refuses it").hasMessageContaining("nesting depth");
    }

    private static JsonNode tree(Random r, int depth) {
        int kind = depth > 4 ? 2 + r.nextInt(8) : r.nextInt(10);
        return switch (kind) {
            case 0 -> {
                ObjectNode o = F.objectNode();
                for (int i = r.nextInt(5); i > 0; i--) {
                    o.set(text(r), tree(r, depth + 1));
                }
                yield o;
            }
            case 1 -> {
                ArrayNode a = F.arrayNode();
                for (int i = r.nextInt(5); i > 0; i--) {
                    a.add(tree(r, depth + 1));
                }
                yield a;
            }
            case 2, 3 -> F.textNode(text(r));
            case 4 -> F.numberNode(r.nextInt());
            case 5 -> F.numberNode(r.nextLong());
            case 6 -> F.numberNode(switch (r.nextInt(4)) {
                case 0 -> r.nextDouble();
                case 1 -> Double.longBitsToDouble(r.nextLong());
                case 2 -> (double) r.nextInt(1000);
                default -> r.nextGaussian() * 1e-9;
            });
            case 7 -> F.numberNode(new BigDecimal(BigInteger.valueOf(r.nextLong()), r.nextInt(40) - 20));
            case 8 -> F.booleanNode(r.nextBoolean());
            default -> F.nullNode();
        };
    }

    private static String text(Random r) {
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(12); i > 0; i--) {
            s.append(switch (r.nextInt(6)) {
                case 0 -> (char) r.nextInt(0x20);
                case 1 -> (char) (0x20 + r.nextInt(0x60));
                case 2 -> "\"\\/";
                case 3 -> (char) r.nextInt(0x10000);
                default -> (char) ('a' + r.nextInt(26));
            });
        }
        return s.toString();
    }
}
