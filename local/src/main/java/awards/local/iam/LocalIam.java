package awards.local.iam;

import awards.local.template.LocalNames;
import awards.local.template.SamTemplate;
import awards.local.template.TemplateValues;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * IAM, locally: each function of the template (and the state machine) has credentials of its own,
 * whose access key id is its logical id ({@code AWS_ACCESS_KEY_ID=SubmitNominationFunction}), and
 * each call made with them is authorised against that resource's {@code Policies} in the template,
 * at the wire, by the service that receives it. Inline statements are read as written (intrinsics
 * resolved); SAM policy templates are expanded as SAM expands them (only those this template uses:
 * an unknown one is an error at start). Any other access key is unrestricted, as the local
 * runtime's own clients and a developer's CLI are.
 */
public final class LocalIam {

    /** A request IAM refused: who, what, on what. */
    public record Denial(String principal, String action, String resource) {}

    private final Map<String, Policy> policies;
    private final LocalNames names;
    private final List<Denial> denials = new CopyOnWriteArrayList<>();
    private final Consumer<String> log;

    public LocalIam(Map<String, Policy> policies, LocalNames names, Consumer<String> log) {
        this.policies = Map.copyOf(policies);
        this.names = names;
        this.log = log;
    }

    /** The policies of every function and state machine of the template, by logical id. */
    public static LocalIam fromTemplate(SamTemplate template, TemplateValues values, LocalNames names, Consumer<String> log) {
        Map<String, Policy> out = new LinkedHashMap<>();
        for (String type : List.of("AWS::Serverless::Function", "AWS::Serverless::StateMachine")) {
            template.resources(type).forEach((id, resource) -> out.put(id, policy(template, id, resource.path("Properties").path("Policies"), values, names)));
        }
        return new LocalIam(out, names, log);
    }

    private static Policy policy(SamTemplate template, String id, JsonNode policies, TemplateValues values, LocalNames names) {
        List<Policy.Statement> statements = new ArrayList<>();
        for (JsonNode p : policies.isArray() ? policies : List.of(policies)) {
            if (p.isMissingNode()) {
                continue;
            }
            if (p.has("Statement")) {
                for (JsonNode s : p.get("Statement")) {
                    statements.add(statement(s, values));
                }
            } else if (p.has("LambdaInvokePolicy")) {
                // SAM's expansion: lambda:InvokeFunction on the function and on its versions and aliases.
                String fn = values.text(p.get("LambdaInvokePolicy").path("FunctionName"));
                String arn = names.functionArn(fn);
                statements.add(new Policy.Statement(true, List.of("lambda:InvokeFunction"), List.of(arn, arn + ":*"), Map.of()));
            } else {
                throw new IllegalArgumentException(template.file() + ": " + id + ": policy " + p.fieldNames().next()
                        + " is not one the local IAM can expand; write it as a Statement or add its expansion to LocalIam");
            }
        }
        return new Policy(List.copyOf(statements));
    }

    private static Policy.Statement statement(JsonNode s, TemplateValues values) {
        Map<String, Map<String, List<String>>> conditions = new LinkedHashMap<>();
        s.path("Condition").properties().forEach(op -> {
            Map<String, List<String>> keys = new LinkedHashMap<>();
            op.getValue().properties().forEach(k -> keys.put(k.getKey(), strings(k.getValue(), values)));
            conditions.put(op.getKey(), keys);
        });
        return new Policy.Statement(!"Deny".equals(s.path("Effect").asText()), strings(s.path("Action"), values),
                strings(s.path("Resource"), values), conditions);
    }

    private static List<String> strings(JsonNode node, TemplateValues values) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(values.text(n)));
        } else if (!node.isMissingNode()) {
            out.add(values.text(node));
        }
        return List.copyOf(out);
    }

    /** Whether the access key belongs to a principal of the template (and so is held to a policy). */
    public boolean restricts(String accessKey) {
        return accessKey != null && policies.containsKey(accessKey);
    }

    /**
     * Why the call is refused, in the words the service uses, or empty if it is allowed. An
     * unknown key is unrestricted. {@code context}: condition keys such as {@code ses:FromAddress}.
     */
    public Optional<String> deny(String accessKey, String action, String resource, Map<String, String> context) {
        if (!restricts(accessKey)) {
            return Optional.empty();
        }
        Map<String, String> lower = new LinkedHashMap<>();
        context.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        if (policies.get(accessKey).allows(action, resource, lower)) {
            return Optional.empty();
        }
        denials.add(new Denial(accessKey, action, resource));
        String message = "User: " + roleArn(accessKey) + " is not authorized to perform: " + action + " on resource: " + resource
                + " because no identity-based policy allows the " + action + " action";
        log.accept("IAM denied " + accessKey + ": " + action + " on " + resource);
        return Optional.of(message);
    }

    public Optional<String> deny(String accessKey, String action, String resource) {
        return deny(accessKey, action, resource, Map.of());
    }

    /** The session a function's role gives it, as AWS names it in a denial. */
    String roleArn(String principal) {
        return "arn:aws:sts::" + names.account() + ":assumed-role/" + principal + "Role/" + principal;
    }

    /** Every denial since start: the integration tests expect none from the workflow itself. */
    public List<Denial> denials() {
        return List.copyOf(denials);
    }

    public java.util.Set<String> principals() {
        return policies.keySet();
    }
}
