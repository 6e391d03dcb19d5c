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

    public String functionArn(String name) {
        return "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
    }

    public String tableArn(String name) {
        return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + name;
    }

    /** The template's values resolved against these names, with parameter overrides. */
    public TemplateValues values(SamTemplate template, Map<String, String> parameters) {
        Map<String, String> refs = new HashMap<>();
        Map<String, String> attributes = new HashMap<>();
        template.root().path("Resources").properties().forEach(e -> {
            String id = e.getKey();
            switch (e.getValue().path("Type").asText()) {
                case "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable" -> {
                    refs.put(id, id);
                    attributes.put(id + ".Arn", tableArn(id));
                }
                case "AWS::Serverless::StateMachine" -> {
                    refs.put(id, stateMachineArn(id));
                    attributes.put(id + ".Arn", stateMachineArn(id));
                    attributes.put(id + ".Name", id);
                }
                case "AWS::Serverless::Function" -> {
                    refs.put(id, id);
                    attributes.put(id + ".Arn", functionArn(id));
                }
                case "AWS::Serverless::HttpApi" -> refs.put(id, "local");
                default -> refs.put(id, id);
            }
        });
        return new TemplateValues(template, parameters, refs, attributes, region, account);
    }
}
