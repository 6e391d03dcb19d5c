package awards.infra;

import static org.assertj.core.api.Assertions.assertThat;

import awards.Samples;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The SAM template and the code must agree: handlers, environment, routes, sample events. */
class TemplateTest {
    /** Read by the JVM itself, not by a handler. */
    private static final Set<String> FOR_THE_JVM = Set.of("JAVA_TOOL_OPTIONS");
    private static final Set<String> SET_BY_LAMBDA = Set.of("AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SFN", "AWS_ENDPOINT_URL_SESV2");

    private final JsonNode template = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(new File(Samples.ROOT + "/infra/template.yaml"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Map<String, JsonNode> functions() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        template.path("Resources").properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                out.put(e.getKey(), e.getValue().path("Properties"));
            }
        });
        return out;
    }

    @Test
    void everyHandlerClassExists_andIsAStreamHandler() throws Exception {
        assertThat(functions()).isNotEmpty();
        for (var f : functions().entrySet()) {
            String[] handler = f.getValue().path("Handler").asText().split("::");
            Class<?> type = Class.forName(handler[0]);
            assertThat(RequestStreamHandler.class).as(f.getKey()).isAssignableFrom(type);
            assertThat(type.getMethod(handler[1], InputStream.class, OutputStream.class, Context.class)).isNotNull();
        }
    }

    @Test
    void everyVariableAHandlerReads_isSetByTheTemplate_andNoneIsSetInVain() throws Exception {
        for (var f : functions().entrySet()) {
            Set<String> set = new TreeSet<>();
            f.getValue().path("Environment").path("Variables").fieldNames().forEachRemaining(set::add);
            template.path("Globals").path("Function").path("Environment").path("Variables").fieldNames().forEachRemaining(set::add);
            Set<String> read = new TreeSet<>();
            Map<String, String> env = new HashMap<>() {
                @Override
                public String get(Object key) {
                    read.add((String) key);
                    return super.get(key);
                }
            };
            // A number where the template passes a Number parameter, an ARN (which any string reader takes) elsewhere.
            set.forEach(name -> env.put(name, name.endsWith("_PER_HOUR") ? "10" : "arn:aws:states:eu-west-2:123456789012:stateMachine:sample"));
            env.put("AWS_REGION", "eu-west-2");
            Class<?> type = Class.forName(f.getValue().path("Handler").asText().split("::")[0]);
            // Throws "environment variable X is not set" if the template misses one.
            type.getConstructor(Map.class).newInstance(env);
            Set<String> ownReads = new TreeSet<>(read);
            ownReads.removeAll(SET_BY_LAMBDA);
            assertThat(ownReads).as(f.getKey() + " reads").isSubsetOf(set);
            Set<String> ownSets = new TreeSet<>(set);
            ownSets.removeAll(FOR_THE_JVM);
            assertThat(ownSets).as(f.getKey() + " sets").isSubsetOf(read);
        }
    }

    @Test
    void everyRoute_hasAFunction_andASampleEvent() throws Exception {
        Set<String> routes = new TreeSet<>();
        for (var f : functions().entrySet()) {
            f.getValue().path("Events").forEach(event -> {
                if (event.path("Type").asText().equals("HttpApi")) {
                    routes.add(event.path("Properties").path("Method").asText() + " " + event.path("Properties").path("Path").asText());
                }
            });
        }
        assertThat(routes).contains("POST /nominations", "GET /nominations/{id}", "POST /nominations/{id}/withdraw",
                "PUT /admin/cycles/{cycleId}", "GET /admin/cycles/{cycleId}", "GET /admin/nominations");
        Set<String> sampled = new TreeSet<>();
        try (Stream<Path> files = Files.list(Samples.ROOT.resolve("events/api"))) {
            files.forEach(p -> sampled.add(Samples.json("api/" + p.getFileName()).path("routeKey").asText()));
        }
        assertThat(sampled).isEqualTo(routes);
    }

    @Test
    void adminRoutes_areBehindIam() {
        for (var f : functions().values()) {
            f.path("Events").forEach(event -> {
                if (event.path("Properties").path("Path").asText().startsWith("/admin/")) {
                    assertThat(event.path("Properties").path("Auth").path("Authorizer").asText()).isEqualTo("AWS_IAM");
                }
            });
        }
    }
}
