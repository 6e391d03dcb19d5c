package localaws.stepfunctions.api;

import localaws.stepfunctions.engine.Engine;
import localaws.stepfunctions.engine.EngineException;
import localaws.stepfunctions.engine.Execution;
import localaws.stepfunctions.engine.HistoryEvent;
import localaws.stepfunctions.engine.StateMachine;
import localaws.stepfunctions.json.JsonPaths;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** The Step Functions operations, AWS JSON 1.0 in and out, over an {@link Engine}. */
public final class StepFunctionsApi {
    private final Engine engine;

    public StepFunctionsApi(Engine engine) {
        this.engine = engine;
    }

    /** Runs one operation ({@code X-Amz-Target: AWSStepFunctions.<operation>}). */
    public ObjectNode call(String operation, JsonNode in) {
        return switch (operation) {
            case "CreateStateMachine" -> {
                StateMachine sm = engine.createStateMachine(text(in, "name"), text(in, "definition"), text(in, "roleArn"), text(in, "type"));
                yield obj().put("stateMachineArn", sm.arn()).put("creationDate", seconds(sm.createdMillis()));
            }
            case "UpdateStateMachine" -> {
                StateMachine sm = engine.updateStateMachine(required(in, "stateMachineArn"), text(in, "definition"), text(in, "roleArn"));
                yield obj().put("updateDate", seconds(sm.updatedMillis()));
            }
            case "DescribeStateMachine" -> describe(engine.stateMachine(required(in, "stateMachineArn")));
            case "ValidateStateMachineDefinition" -> validate(in);
            case "TestState" -> testState(in);
            case "DescribeStateMachineForExecution" -> {
                StateMachine sm = engine.execution(required(in, "executionArn")).stateMachine();
                ObjectNode out = obj().put("stateMachineArn", sm.arn()).put("name", sm.name())
                        .put("definition", sm.definition().json()).put("roleArn", sm.roleArn()).put("updateDate", seconds(sm.updatedMillis()));
                yield out;
            }
            case "ListStateMachines" -> {
                ObjectNode out = obj();
                ArrayNode list = out.putArray("stateMachines");
                for (StateMachine sm : engine.stateMachines()) {
                    list.addObject().put("stateMachineArn", sm.arn()).put("name", sm.name()).put("type", sm.type())
                            .put("creationDate", seconds(sm.createdMillis()));
                }
                yield out;
            }
            case "DeleteStateMachine" -> {
                engine.deleteStateMachine(required(in, "stateMachineArn"));
                yield obj();
            }
            case "StartExecution" -> {
                Execution ex = engine.startExecution(required(in, "stateMachineArn"), text(in, "name"), text(in, "input"));
                yield obj().put("executionArn", ex.arn()).put("startDate", seconds(ex.startMillis()));
            }
            case "DescribeExecution" -> describe(engine.execution(required(in, "executionArn")));
            case "RedriveExecution" -> {
                Execution ex = engine.redriveExecution(required(in, "executionArn"), text(in, "clientToken"));
                yield obj().put("redriveDate", seconds(ex.redriveMillis()));
            }
            case "ListExecutions" -> listExecutions(in);
            case "StopExecution" -> {
                Execution ex = engine.stopExecution(required(in, "executionArn"), text(in, "error"), text(in, "cause"));
                yield obj().put("stopDate", seconds(ex.stopMillis()));
            }
            case "GetExecutionHistory" -> history(in);
            case "SendTaskSuccess" -> {
                engine.sendTaskSuccess(required(in, "taskToken"), required(in, "output"));
                yield obj();
            }
            case "SendTaskFailure" -> {
                engine.sendTaskFailure(required(in, "taskToken"), text(in, "error"), text(in, "cause"));
                yield obj();
            }
            case "SendTaskHeartbeat" -> {
                engine.sendTaskHeartbeat(required(in, "taskToken"));
                yield obj();
            }
            default -> throw new EngineException("UnknownOperationException", "Unknown operation: " + operation
                    + " (supported: state machines, executions, redrive, history, task callbacks, TestState and validation)");
        };
    }

    private static ObjectNode obj() {
        return JsonPaths.MAPPER.createObjectNode();
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }

    /**
     * https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinition.html:
     * OK or FAIL (FAIL with any ERROR), the diagnostics at the asked severity or above (ERROR by
     * default), at most maxResults (1–100, 100 by default) with {@code truncated} saying whether
     * some were left out.
     */
    private ObjectNode validate(JsonNode in) {
        if (!in.path("definition").isTextual()) {
            throw new EngineException("ValidationException", "1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null");
        }
        String severity = in.path("severity").asText("ERROR");
        if (!severity.equals("ERROR") && !severity.equals("WARNING")) {
            throw new EngineException("ValidationException", "1 validation error detected: Value '" + severity
                    + "' at 'severity' failed to satisfy constraint: Member must satisfy enum value set: [ERROR, WARNING]");
        }
        int maxResults = in.path("maxResults").asInt(100);
        if (in.has("maxResults") && (!in.path("maxResults").isIntegralNumber() || maxResults < 0 || maxResults > 100)) {
            throw new EngineException("ValidationException", "1 validation error detected: Value '" + in.path("maxResults")
                    + "' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100");
        }
        if (maxResults == 0) {
            maxResults = 100;
        }
        var all = localaws.stepfunctions.asl.DefinitionDiagnostics.of(in.path("definition").asText());
        boolean failed = all.stream().anyMatch(d -> d.severity() == localaws.stepfunctions.asl.DefinitionDiagnostics.Severity.ERROR);
        var shown = all.stream().filter(d -> severity.equals("WARNING") || d.severity() == localaws.stepfunctions.asl.DefinitionDiagnostics.Severity.ERROR).toList();
        ObjectNode out = obj().put("result", failed ? "FAIL" : "OK");
        var list = out.putArray("diagnostics");
        shown.stream().limit(maxResults).forEach(d -> {
            ObjectNode n = list.addObject().put("severity", d.severity().name()).put("code", d.code()).put("message", d.message());
            if (d.location() != null) {
                n.put("location", d.location());
            }
        });
        out.put("truncated", shown.size() > maxResults);
        return out;
    }

    /** https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html, on this engine's functions. */
    private ObjectNode testState(JsonNode in) {
        String level = in.path("inspectionLevel").asText("INFO");
        if (!level.equals("INFO") && !level.equals("DEBUG") && !level.equals("TRACE")) {
            throw new EngineException("ValidationException", "1 validation error detected: Value '" + level
                    + "' at 'inspectionLevel' failed to satisfy constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]");
        }
        JsonNode config = in.path("stateConfiguration");
        var outcome = localaws.stepfunctions.engine.StateTester.test(engine, new localaws.stepfunctions.engine.StateTester.Request(
                required(in, "definition"), text(in, "input"), text(in, "variables"), level, text(in, "stateName"),
                in.has("mock") ? in.get("mock") : null, text(in, "context"),
                config.has("retrierRetryCount") ? config.get("retrierRetryCount").asInt() : null));
        ObjectNode out = obj().put("status", outcome.status().name());
        if (outcome.output() != null) {
            out.put("output", outcome.output().toString());
        }
        if (outcome.error() != null) {
            out.put("error", outcome.error());
        }
        if (outcome.cause() != null) {
            out.put("cause", outcome.cause());
        }
        if (outcome.nextState() != null) {
            out.put("nextState", outcome.nextState());
        }
        if (outcome.inspection() != null) {
            out.set("inspectionData", outcome.inspection());
        }
        return out;
    }

    private static String text(JsonNode in, String field) {
        JsonNode v = in.path(field);
        return v.isTextual() ? v.asText() : null;
    }

    private static String required(JsonNode in, String field) {
        String v = text(in, field);
        if (v == null) {
            throw new EngineException("ValidationException", "1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return v;
    }

    private static ObjectNode describe(StateMachine sm) {
        return obj().put("stateMachineArn", sm.arn()).put("name", sm.name()).put("status", "ACTIVE")
                .put("definition", sm.definition().json()).put("roleArn", sm.roleArn()).put("type", sm.type())
                .put("creationDate", seconds(sm.createdMillis()));
    }

    private ObjectNode describe(Execution ex) {
        ObjectNode out = obj().put("executionArn", ex.arn()).put("stateMachineArn", ex.stateMachine().arn())
                .put("name", ex.name()).put("status", ex.status().name()).put("startDate", seconds(ex.startMillis()))
                .put("input", ex.input()).put("redriveCount", ex.redriveCount());
        if (ex.redriveCount() > 0) {
            out.put("redriveDate", seconds(ex.redriveMillis()));
        }
        String notRedrivable = engine.notRedrivableBecause(ex);
        out.put("redriveStatus", notRedrivable == null ? "REDRIVABLE" : "NOT_REDRIVABLE");
        if (notRedrivable != null) {
            out.put("redriveStatusReason", notRedrivable);
        }
        out.putObject("inputDetails").put("included", true);
        if (!ex.isRunning()) {
            out.put("stopDate", seconds(ex.stopMillis()));
        }
        if (ex.output() != null) {
            out.put("output", ex.output());
            out.putObject("outputDetails").put("included", true);
        }
        if (ex.error() != null) {
            out.put("error", ex.error());
        }
        if (ex.cause() != null) {
            out.put("cause", ex.cause());
        }
        return out;
    }

    private ObjectNode listExecutions(JsonNode in) {
        Execution.Status status = null;
        if (text(in, "statusFilter") != null) {
            try {
                status = Execution.Status.valueOf(text(in, "statusFilter"));
            } catch (IllegalArgumentException e) {
                throw new EngineException("ValidationException", "1 validation error detected: Value '" + text(in, "statusFilter")
                        + "' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: "
                        + "[RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE]");
            }
        }
        List<Execution> all = engine.executions(required(in, "stateMachineArn"), status);
        int from = offset(in);
        int max = maxResults(in);
        ObjectNode out = obj();
        ArrayNode list = out.putArray("executions");
        for (int i = from; i < Math.min(all.size(), from + max); i++) {
            Execution ex = all.get(i);
            ObjectNode e = list.addObject().put("executionArn", ex.arn()).put("stateMachineArn", ex.stateMachine().arn())
                    .put("name", ex.name()).put("status", ex.status().name()).put("startDate", seconds(ex.startMillis()))
                    .put("redriveCount", ex.redriveCount());
            if (ex.redriveCount() > 0) {
                e.put("redriveDate", seconds(ex.redriveMillis()));
            }
            if (!ex.isRunning()) {
                e.put("stopDate", seconds(ex.stopMillis()));
            }
        }
        if (from + max < all.size()) {
            out.put("nextToken", token(from + max));
        }
        return out;
    }

    private ObjectNode history(JsonNode in) {
        Execution ex = engine.execution(required(in, "executionArn"));
        List<HistoryEvent> events = ex.history();
        boolean reverse = in.path("reverseOrder").asBoolean(false);
        boolean includeData = in.path("includeExecutionData").asBoolean(true);
        int from = offset(in);
        int max = maxResults(in);
        ObjectNode out = obj();
        ArrayNode list = out.putArray("events");
        for (int i = from; i < Math.min(events.size(), from + max); i++) {
            HistoryEvent e = events.get(reverse ? events.size() - 1 - i : i);
            list.add(event(e, includeData));
        }
        if (from + max < events.size()) {
            out.put("nextToken", token(from + max));
        }
        return out;
    }

    /** One history event in the API's shape. */
    public static ObjectNode event(HistoryEvent e, boolean includeData) {
        ObjectNode o = obj().put("timestamp", seconds(e.timestamp())).put("type", e.type()).put("id", e.id())
                .put("previousEventId", e.previousEventId());
        String field = e.detailsField();
        if (!field.isEmpty() && !e.details().isEmpty()) {
            try {
                ObjectNode details = (ObjectNode) JsonPaths.MAPPER.readTree(e.details());
                if (!includeData) {
                    for (String data : List.of("input", "output", "parameters", "assignedVariables")) {
                        if (details.has(data)) {
                            details.remove(data);
                        }
                    }
                }
                o.set(field, details);
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return o;
    }

    private static int maxResults(JsonNode in) {
        int max = in.path("maxResults").asInt(0);
        if (max < 0 || max > 1000) {
            throw new EngineException("ValidationException", "1 validation error detected: Value '" + max
                    + "' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000");
        }
        return max == 0 ? 100 : max;
    }

    private static String token(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(JsonNode in) {
        String token = text(in, "nextToken");
        if (token == null) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!decoded.startsWith("o:")) {
                throw new IllegalArgumentException();
            }
            return Integer.parseInt(decoded.substring(2));
        } catch (IllegalArgumentException e) {
            throw new EngineException("InvalidToken", "Invalid Token: 'the nextToken is not one this API gave out'");
        }
    }
}
