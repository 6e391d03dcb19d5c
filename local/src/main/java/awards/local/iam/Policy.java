package awards.local.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One principal's identity-based policy: the statements of its role, evaluated as IAM evaluates
 * them (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
 * an explicit {@code Deny} that matches wins, else an {@code Allow} that matches allows, else the
 * request is implicitly denied. Actions match without case, resources with case, both with
 * {@code *} and {@code ?} wildcards; conditions support the string operators the template uses.
 */
public record Policy(List<Statement> statements) {

    /** One statement; {@code conditions}: operator → key → allowed values. */
    public record Statement(boolean allow, List<String> actions, List<String> resources, Map<String, Map<String, List<String>>> conditions) {
        boolean matches(String action, String resource, Map<String, String> context) {
            return actions.stream().anyMatch(a -> glob(a.toLowerCase(Locale.ROOT)).matcher(action.toLowerCase(Locale.ROOT)).matches())
                    && resources.stream().anyMatch(r -> glob(r).matcher(resource).matches())
                    && conditions.entrySet().stream().allMatch(c -> condition(c.getKey(), c.getValue(), context));
        }
    }

    public boolean allows(String action, String resource, Map<String, String> context) {
        boolean allowed = false;
        for (Statement s : statements) {
            if (s.matches(action, resource, context)) {
                if (!s.allow()) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    /**
     * A condition block: every key must hold; a key the request does not have fails a positive
     * operator (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
     */
    private static boolean condition(String operator, Map<String, List<String>> keys, Map<String, String> context) {
        for (var k : keys.entrySet()) {
            String value = context.get(k.getKey().toLowerCase(Locale.ROOT));
            boolean any = value != null && k.getValue().stream().anyMatch(v -> switch (operator) {
                case "StringEquals" -> v.equals(value);
                case "StringEqualsIgnoreCase" -> v.equalsIgnoreCase(value);
                case "StringLike" -> glob(v).matcher(value).matches();
                default -> throw new IllegalArgumentException("condition operator " + operator + " is not supported by the local IAM");
            });
            if (!any) {
                return false;
            }
        }
        return true;
    }

    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** Every statement of both. */
    public Policy and(Policy other) {
        List<Statement> all = new ArrayList<>(statements);
        all.addAll(other.statements);
        return new Policy(List.copyOf(all));
    }
}
