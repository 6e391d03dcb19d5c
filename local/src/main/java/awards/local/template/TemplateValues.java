package awards.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the intrinsic functions of a template value to what they mean locally: {@code Ref} to
 * parameters, pseudo parameters and local resource names, {@code Fn::GetAtt} to local ARNs,
 * {@code Fn::Sub}, {@code Fn::If} with the template's conditions, {@code Fn::Join} and the rest of
 * the common ones. Anything it cannot resolve is an error naming the value, never a guess.
 */
public final class TemplateValues {
    private static final Pattern SUB = Pattern.compile("\\$\\{([^}!][^}]*)}");
    /** The local stack's id ends in this where a real one ends in a random UUID: names built from it read "...-local". */
    public static final String LOCAL_STACK_UUID = "local";
    private final SamTemplate template;
    private final Map<String, String> parameters = new HashMap<>();
    private final Map<String, String> refs;
    private final Map<String, String> attributes;

    /**
     * @param refs what {@code Ref} of each local resource gives (table name, state machine ARN...)
     * @param attributes what {@code Fn::GetAtt X.Attr} gives, keyed "X.Attr"
     */
    public TemplateValues(SamTemplate template, Map<String, String> overrides, Map<String, String> refs, Map<String, String> attributes,
                          String region, String account) {
        this.template = template;
        this.refs = refs;
        this.attributes = attributes;
        template.root().path("Parameters").properties().forEach(e -> {
            if (e.getValue().has("Default")) {
                parameters.put(e.getKey(), e.getValue().get("Default").asText());
            }
        });
        parameters.putAll(overrides);
        parameters.put("AWS::Region", region);
        parameters.put("AWS::AccountId", account);
        parameters.put("AWS::Partition", "aws");
        parameters.put("AWS::URLSuffix", "amazonaws.com");
        parameters.put("AWS::StackName", "awards-local");
        parameters.put("AWS::StackId", "arn:aws:cloudformation:" + region + ":" + account + ":stack/awards-local/" + LOCAL_STACK_UUID);
    }

    /** The value as JSON; a {@code Ref AWS::NoValue} comes back as a Java null. */
    public JsonNode resolve(JsonNode value) {
        if (value.isObject() && value.size() == 1) {
            String fn = value.fieldNames().next();
            JsonNode arg = value.get(fn);
            switch (fn) {
                case "Ref" -> {
                    String name = arg.asText();
                    if (name.equals("AWS::NoValue")) {
                        return null;
                    }
                    return text(ref(name));
                }
                case "Fn::GetAtt" -> {
                    String key = arg.get(0).asText() + "." + arg.get(1).asText();
                    String v = attributes.get(key);
                    if (v == null) {
                        throw new IllegalArgumentException(template.file() + ": !GetAtt " + key + " has no local value");
                    }
                    return text(v);
                }
                case "Fn::Sub" -> {
                    String pattern = arg.isArray() ? arg.get(0).asText() : arg.asText();
                    Map<String, String> vars = new HashMap<>();
                    if (arg.isArray() && arg.size() > 1) {
                        arg.get(1).properties().forEach(e -> vars.put(e.getKey(), resolve(e.getValue()).asText()));
                    }
                    Matcher m = SUB.matcher(pattern);
                    StringBuilder out = new StringBuilder();
                    while (m.find()) {
                        String name = m.group(1);
                        String v = vars.containsKey(name) ? vars.get(name)
                                : name.contains(".") && !name.startsWith("AWS::") ? attribute(name) : ref(name);
                        m.appendReplacement(out, Matcher.quoteReplacement(v));
                    }
                    m.appendTail(out);
                    return text(out.toString());
                }
                case "Fn::If" -> {
                    return resolve(condition(arg.get(0).asText()) ? arg.get(1) : arg.get(2));
                }
                case "Fn::Join" -> {
                    StringBuilder out = new StringBuilder();
                    JsonNode parts = arg.get(1);
                    for (int i = 0; i < parts.size(); i++) {
                        out.append(i > 0 ? arg.get(0).asText() : "").append(resolve(parts.get(i)).asText());
                    }
                    return text(out.toString());
                }
                case "Fn::Split" -> {
                    var list = JsonNodeFactory.instance.arrayNode();
                    for (String part : resolve(arg.get(1)).asText().split(Pattern.quote(arg.get(0).asText()), -1)) {
                        list.add(part);
                    }
                    return list;
                }
                case "Fn::Select" -> {
                    return resolve(resolve(arg.get(1)).get(resolve(arg.get(0)).asInt()));
                }
                case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition" -> {
                    return JsonNodeFactory.instance.booleanNode(bool(value));
                }
                default -> {
                    if (fn.startsWith("Fn::")) {
                        throw new IllegalArgumentException(template.file() + ": " + fn + " is not supported by the local runtime");
                    }
                }
            }
        }
        return value;
    }

    /** The value as text, for an environment variable; null for {@code AWS::NoValue}. */
    public String text(JsonNode value) {
        JsonNode v = resolve(value);
        return v == null || v instanceof NullNode ? null : v.asText();
    }

    public boolean condition(String name) {
        JsonNode c = template.root().path("Conditions").path(name);
        if (c.isMissingNode()) {
            throw new IllegalArgumentException(template.file() + ": condition " + name + " is not defined");
        }
        return bool(c);
    }

    private boolean bool(JsonNode value) {
        String fn = value.fieldNames().next();
        JsonNode arg = value.get(fn);
        return switch (fn) {
            case "Fn::Equals" -> resolve(arg.get(0)).asText().equals(resolve(arg.get(1)).asText());
            case "Fn::Not" -> !bool(arg.get(0));
            case "Fn::And" -> {
                boolean all = true;
                for (JsonNode a : arg) {
                    all &= bool(a);
                }
                yield all;
            }
            case "Fn::Or" -> {
                boolean any = false;
                for (JsonNode a : arg) {
                    any |= bool(a);
                }
                yield any;
            }
            case "Condition" -> condition(arg.asText());
            default -> throw new IllegalArgumentException(template.file() + ": " + fn + " is not a condition");
        };
    }

    private String ref(String name) {
        String v = parameters.containsKey(name) ? parameters.get(name) : refs.get(name);
        if (v == null) {
            throw new IllegalArgumentException(template.file() + ": !Ref " + name + " has no local value");
        }
        return v;
    }

    private String attribute(String name) {
        String v = attributes.get(name);
        if (v == null) {
            throw new IllegalArgumentException(template.file() + ": ${" + name + "} has no local value");
        }
        return v;
    }

    private static JsonNode text(String s) {
        return JsonNodeFactory.instance.textNode(s);
    }
}
