package awards.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SAM template the local runtime reads, so that what runs locally is what AWS deploys. The
 * CloudFormation short tags ({@code !Ref}, {@code !GetAtt}...) are read as their plain values.
 */
public final class SamTemplate {
    private final Path file;
    private final JsonNode root;

    private SamTemplate(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    public static SamTemplate read(Path file) {
        try {
            return new SamTemplate(file, new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + " line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
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
}
