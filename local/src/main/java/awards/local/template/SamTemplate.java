package awards.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The SAM template the local runtime reads, so that what runs locally is what AWS deploys. The
 * CloudFormation short forms ({@code !Ref X}, {@code !GetAtt X.Arn}, {@code !Sub}...) are read into
 * their long JSON forms ({@code {"Ref": "X"}}, {@code {"Fn::GetAtt": ["X", "Arn"]}}), which
 * {@link TemplateValues} resolves.
 */
public final class SamTemplate {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join",
            "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "Condition", "Ref");

    private final Path file;
    private final JsonNode root;

    private SamTemplate(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** Reads a template; a YAML error names the file and the line. */
    public static SamTemplate read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            Object tree = new Yaml(new CloudFormationConstructor()).load(text);
            return new SamTemplate(file, JSON.valueToTree(tree));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new IllegalArgumentException(file + " line " + line + ": " + e.getProblem());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** SnakeYAML's safe constructor, taught CloudFormation's short-form tags. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            for (String fn : FUNCTIONS) {
                String key = fn.equals("Ref") || fn.equals("Condition") ? fn : "Fn::" + fn;
                yamlConstructors.put(new Tag("!" + fn), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object value = switch (node) {
                            case ScalarNode s -> fn.equals("GetAtt") ? List.of(s.getValue().split("\\.", 2)) : s.getValue();
                            case SequenceNode s -> constructSequence(s);
                            case MappingNode m -> constructMapping(m);
                            default -> throw new IllegalArgumentException("unexpected YAML node for !" + fn);
                        };
                        Map<String, Object> out = new LinkedHashMap<>();
                        out.put(key, value);
                        return out;
                    }
                });
            }
        }
    }

    public Path file() {
        return file;
    }

    public Path directory() {
        return file.toAbsolutePath().getParent();
    }

    public JsonNode root() {
        return root;
    }

    /** Resources of one type, by logical id, in template order. */
    public Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        root.path("Resources").properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                out.put(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    /** The one resource of a type; the local runtime supports exactly one table and one state machine. */
    public Map.Entry<String, JsonNode> single(String type) {
        Map<String, JsonNode> all = resources(type);
        if (all.size() != 1) {
            throw new IllegalArgumentException(file + ": expected exactly one " + type + " resource, found " + all.size());
        }
        return all.entrySet().iterator().next();
    }

    /** A function's property, falling back to {@code Globals.Function}; environment variables merge. */
    public JsonNode functionProperty(JsonNode function, String name) {
        JsonNode own = function.path("Properties").path(name);
        JsonNode global = root.path("Globals").path("Function").path(name);
        if (name.equals("Environment")) {
            ObjectNode merged = JSON.createObjectNode();
            ObjectNode vars = merged.putObject("Variables");
            if (global.path("Variables").isObject()) {
                vars.setAll((ObjectNode) global.path("Variables"));
            }
            if (own.path("Variables").isObject()) {
                vars.setAll((ObjectNode) own.path("Variables"));
            }
            return merged;
        }
        return own.isMissingNode() ? global : own;
    }
}
