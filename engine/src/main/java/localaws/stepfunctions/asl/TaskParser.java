package localaws.stepfunctions.asl;

import localaws.stepfunctions.json.PayloadTemplate;
import localaws.stepfunctions.json.JsonataTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/** A Task state's own fields: its resource (what it calls, refused if this engine cannot), timeouts and heartbeats, retriers and catchers. */
final class TaskParser {
    private static final Pattern LAMBDA_ARN = Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?");

    private TaskParser() {}

    static State parse(String name, JsonNode node, State.Io io, String at, boolean jsonata, DefinitionParser parser) {
        FieldReader fields = parser.fields();
        String resource = node.path("Resource").asText(null);
        State.TaskKind kind = null;
        if (resource == null) {
            fields.problems.add("SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at " + at);
        } else if (State.TaskKind.ofIntegration(resource).isPresent()) {
            kind = State.TaskKind.ofIntegration(resource).get();
            boolean passesToken = io.parameters() instanceof PayloadTemplate p ? p.mentionsTaskToken()
                    : io.parameters() instanceof JsonataTemplate j && j.mentions("$states.context.Task.Token");
            if (kind.waitsForToken() && !passesToken) {
                fields.problems.add(jsonata ? "SCHEMA_VALIDATION_FAILED: a .waitForTaskToken task must pass $states.context.Task.Token in its Arguments at " + at + "/Arguments"
                        : "SCHEMA_VALIDATION_FAILED: a .waitForTaskToken task must pass $$.Task.Token in its Parameters at " + at + "/Parameters");
            }
        } else if (LAMBDA_ARN.matcher(resource).matches()) {
            kind = State.TaskKind.LAMBDA_FUNCTION;
        } else {
            fields.problems.add("INVALID_RESOURCE: The resource provided " + resource + " is not supported by this engine"
                    + " (supported: " + DefinitionParser.LAMBDA_INVOKE + ", " + DefinitionParser.LAMBDA_INVOKE_WAIT + ", a Lambda function ARN) at " + at + "/Resource");
        }
        if ((kind == State.TaskKind.LAMBDA_INVOKE || kind == State.TaskKind.LAMBDA_INVOKE_WAIT_FOR_TOKEN)
                && (io.parameters() == null)) {
            fields.problems.add(jsonata ? "SCHEMA_VALIDATION_FAILED: lambda:invoke needs Arguments with FunctionName at " + at + "/Arguments"
                    : "SCHEMA_VALIDATION_FAILED: lambda:invoke needs Parameters with FunctionName at " + at + "/Parameters");
        }
        if (node.has("TimeoutSeconds") && node.has("TimeoutSecondsPath")) {
            fields.problems.add("SCHEMA_VALIDATION_FAILED: TimeoutSeconds and TimeoutSecondsPath are exclusive at " + at);
        }
        if (node.has("HeartbeatSeconds") && node.has("HeartbeatSecondsPath")) {
            fields.problems.add("SCHEMA_VALIDATION_FAILED: HeartbeatSeconds and HeartbeatSecondsPath are exclusive at " + at);
        }
        JsonataTemplate timeoutExpression = jsonata ? fields.expression(node, "TimeoutSeconds", at) : null;
        JsonataTemplate heartbeatExpression = jsonata ? fields.expression(node, "HeartbeatSeconds", at) : null;
        Integer timeout = node.has("TimeoutSeconds") && timeoutExpression == null ? fields.positiveInt(node.get("TimeoutSeconds"), at + "/TimeoutSeconds") : null;
        Integer heartbeat = node.has("HeartbeatSeconds") && heartbeatExpression == null
                ? fields.positiveInt(node.get("HeartbeatSeconds"), at + "/HeartbeatSeconds") : null;
        if (timeout != null && heartbeat != null && heartbeat >= timeout) {
            fields.problems.add("SCHEMA_VALIDATION_FAILED: HeartbeatSeconds must be smaller than TimeoutSeconds at " + at + "/HeartbeatSeconds");
        }
        return new State.Task(name, io, fields.transition(node, at), resource, kind, Retrier.parseAll(node, at, fields), Catcher.parseAll(node, at, jsonata, fields),
                timeout, fields.path(node, "TimeoutSecondsPath", at), heartbeat, fields.path(node, "HeartbeatSecondsPath", at), timeoutExpression, heartbeatExpression);
    }
}
