package localaws.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import localaws.stepfunctions.json.JsonPaths;
import org.junit.jupiter.api.Test;

/**
 * A second opinion on {@code differential/cases.json}: the cases run in moto's Step
 * Functions (installed with Python here; it executes ASL), and what moto reports must be what the
 * file expects, which {@link DifferentialCasesTest} holds the engine to. A case moto is known to get
 * wrong says why in its {@code moto} field and is left out. Without Python and moto the test is
 * skipped, saying so.
 */
class MotoDifferentialIT {
    /** moto writes JSON as Python does ({"a": 1}); AWS and the engine write it compact. */
    private static final Pattern QUOTED_INPUT = Pattern.compile("(could not be found in the input ')(.*)'$");

    @Test
    void motoReports_whatTheEngineIsHeldTo() throws Exception {
        assumeThat(motoInstalled()).as("python3 with moto and boto3 (pip install 'moto[stepfunctions]' boto3)").isTrue();
        ArrayNode cases = JsonPaths.MAPPER.createArrayNode();
        Map<String, JsonNode> expected = new HashMap<>();
        for (JsonNode c : DifferentialCasesTest.cases()) {
            if (!c.has("moto")) {
                cases.add(c);
                expected.put(c.path("name").asText(), c.path("expected"));
            }
        }
        Process p = new ProcessBuilder("python3", Path.of("src/test/python/moto-run.py").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write(cases.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
        JsonNode results = JsonPaths.MAPPER.readTree(out);
        assertThat(results).hasSize(cases.size());
        for (JsonNode r : results) {
            JsonNode e = expected.get(r.path("name").asText());
            String name = r.path("name").asText();
            assertThat(r.path("status").asText()).as(name).isEqualTo(e.path("status").asText());
            assertThat(r.has("error")).as(name + ": has an error").isEqualTo(e.has("error"));
            assertThat(r.path("error").asText()).as(name).isEqualTo(e.path("error").asText());
            assertThat(compact(r.path("cause").asText())).as(name).isEqualTo(e.path("cause").asText());
            if (e.has("output")) {
                assertThat(JsonPaths.MAPPER.readTree(r.path("output").asText())).as(name).isEqualTo(e.path("output"));
            }
        }
    }

    private static String compact(String cause) throws IOException {
        Matcher m = QUOTED_INPUT.matcher(cause);
        return m.find() ? cause.substring(0, m.start()) + m.group(1) + JsonPaths.MAPPER.readTree(m.group(2)) + "'" : cause;
    }

    private static boolean motoInstalled() {
        try {
            Process p = new ProcessBuilder(List.of("python3", "-c", "import moto, boto3")).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
