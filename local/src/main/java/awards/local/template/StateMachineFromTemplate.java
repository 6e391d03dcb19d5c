package awards.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template's state machine definition: the file its {@code DefinitionUri} names, with its
 * {@code DefinitionSubstitutions} resolved to local names and ARNs.
 */
public final class StateMachineFromTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private StateMachineFromTemplate() {}

    public record Definition(String logicalId, Path file, String json) {}

    public static Definition read(SamTemplate template, TemplateValues values) {
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
            m.appendReplacement(out, Matcher.quoteReplacement(values.text(subs.get(name))));
        }
        m.appendTail(out);
        return new Definition(entry.getKey(), file, out.toString());
    }
}
