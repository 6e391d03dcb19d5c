package awards.local.template;

import java.util.HashMap;
import java.util.Map;

/**
 * What the template's resources are called locally: a resource's logical id is its name, in a
 * fixed region and account, so ARNs are stable from one run to the next.
 */
public record LocalNames(String region, String account) {
    public static final LocalNames DEFAULT = new LocalNames("us-east-1", "123456789012");

    public String stateMachineArn(String name) {
        return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
    }

    /** A state machine's local name: its Name property if it has one, else its logical id. */
    public static String stateMachineName(String logicalId, com.fasterxml.jackson.databind.JsonNode resource, TemplateValues values) {
        var name = resource.path("Properties").path("Name");
        return name.isMissingNode() ? logicalId : values.text(name);
    }

    public String functionArn(String name) {
        return "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
    }

    public String tableArn(String name) {
        return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + name;
    }

    /** The template's values resolved against these names, with parameter overrides. */
    public TemplateValues values(SamTemplate template, Map<String, String> parameters) {
        // A first pass resolves the names resources give themselves (Name: !Sub "${AWS::StackName}-...").
        TemplateValues names = new TemplateValues(template, parameters, Map.of(), Map.of(), region, account);
        Map<String, String> refs = new HashMap<>();
        Map<String, String> attributes = new HashMap<>();
        String alias = template.root().path("Globals").path("Function").path("AutoPublishAlias").asText(null);
        template.root().path("Resources").properties().forEach(e -> {
            String id = e.getKey();
            switch (e.getValue().path("Type").asText()) {
                case "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable" -> {
                    refs.put(id, id);
                    attributes.put(id + ".Arn", tableArn(id));
                }
                case "AWS::Serverless::StateMachine" -> {
                    String name = stateMachineName(id, e.getValue(), names);
                    refs.put(id, stateMachineArn(name));
                    attributes.put(id + ".Arn", stateMachineArn(name));
                    attributes.put(id + ".Name", name);
                }
                case "AWS::Serverless::Function" -> {
                    refs.put(id, id);
                    attributes.put(id + ".Arn", functionArn(id));
                    String own = e.getValue().path("Properties").path("AutoPublishAlias").asText(alias);
                    if (own != null) {
                        refs.put(id + "Alias" + own, functionArn(id) + ":" + own);
                    }
                }
                case "AWS::Serverless::HttpApi" -> refs.put(id, "local");
                default -> refs.put(id, id);
            }
        });
        return new TemplateValues(template, parameters, refs, attributes, region, account);
    }
}
