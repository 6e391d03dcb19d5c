package awards.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template's state machine definition: the file its {@code DefinitionUri} names, with its
 * {@code DefinitionSubstitutions} resolved to the local names of the resources they refer to.
 */
public final class StateMachineFromTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private StateMachineFromTemplate() {}

    public record Definition(String logicalId, Path file, String json) {}

    /**
     * @param localNames what each logical id ({@code !Ref X} or {@code !GetAtt X.Arn}) is called locally
     */
    public static Definition read(SamTemplate template, Map<String, String> localNames) {
        var entry = template.single("AWS::Serverless::StateMachine");
        JsonNode props = entry.getValue().path("Properties");
        Path file = template.directory().resolve(props.path("DefinitionUri").asText());
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the state machine definition " + file + ": " + e.getMessage(), e);
        }
        JsonNode subs = props.path("DefinitionSubstitutions");
        Matcher m = PLACEHOLDER.matcher(json);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (!subs.has(name)) {
                throw new IllegalArgumentException(file + ": ${" + name + "} has no DefinitionSubstitutions entry in " + template.file());
            }
            String ref = subs.get(name).asText();
            String logicalId = ref.endsWith(".Arn") ? ref.substring(0, ref.length() - 4) : ref;
            String local = localNames.get(logicalId);
            if (local == null) {
                throw new IllegalArgumentException(template.file() + ": DefinitionSubstitutions " + name + " refers to " + ref
                        + ", which the local runtime does not know");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(local));
        }
        m.appendTail(out);
        return new Definition(entry.getKey(), file, out.toString());
    }
}
