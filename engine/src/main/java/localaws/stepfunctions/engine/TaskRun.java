package localaws.stepfunctions.engine;

import localaws.LambdaFunctions;
import localaws.stepfunctions.errors.StatesError;

import localaws.stepfunctions.asl.State;
import localaws.stepfunctions.json.JsonPaths;
import localaws.stepfunctions.json.JsonText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One attempt of a Task state: the call, its timeout and heartbeat, and exactly one outcome however
 * the call, the timers and a callback race.
 */
final class TaskRun {
    private final Interpreter interpreter;
    private final Engine engine;
    private final Interpreter.Step step;
    private final State.Task task;
    private final AtomicBoolean settled = new AtomicBoolean();
    private String resourceType;
    private String resource;
    private volatile long lastHeartbeat;
    String token;

    TaskRun(Interpreter interpreter, Engine engine, Interpreter.Step step, State.Task task) {
        this.interpreter = interpreter;
        this.engine = engine;
        this.step = step;
        this.task = task;
    }

    /** Starts the attempt; after a restart, {@code resumeToken} is the token already handed out. */
    void attempt(String resumeToken, boolean alreadySubmitted) {
        attempt(resumeToken, alreadySubmitted, 0);
    }

    /**
     * {@code scheduledAt} (after a restart): when the attempt was scheduled, from its history. Its
     * timeout and heartbeat count from then, as AWS counts them, not from the restart.
     */
    void attempt(String resumeToken, boolean alreadySubmitted, long scheduledAt) {
        JsonNode eff = interpreter.effectiveInput(task.io(), step);
        boolean waitsForToken = task.kind().waitsForToken();
        token = waitsForToken ? (resumeToken != null ? resumeToken : Interpreter.newToken()) : null;
        localaws.stepfunctions.json.Roots ctx = interpreter.roots(step, token, null);
        JsonNode params = task.io().parameters() != null ? task.io().parameters().apply(eff, ctx) : eff;
        long timeout = task.timeoutSecondsExpression() != null ? seconds(task.timeoutSecondsExpression(), eff, ctx, "TimeoutSeconds")
                : seconds(task.timeoutSeconds(), task.timeoutSecondsPath(), eff, ctx, "TimeoutSecondsPath");
        long heartbeat = task.heartbeatSecondsExpression() != null ? seconds(task.heartbeatSecondsExpression(), eff, ctx, "HeartbeatSeconds")
                : seconds(task.heartbeatSeconds(), task.heartbeatSecondsPath(), eff, ctx, "HeartbeatSecondsPath");
        String functionName;
        if (task.kind() == State.TaskKind.LAMBDA_FUNCTION) {
            functionName = task.resource();
            resourceType = "lambda";
            resource = task.resource();
        } else if (task.kind().mockedOnly()) {
            functionName = null;
            resourceType = task.kind().resourceType();
            resource = task.kind().resource();
        } else {
            JsonNode fn = params.path("FunctionName");
            if (!fn.isTextual()) {
                throw StatesError.runtime("The lambda:invoke task '" + task.name() + "' needs a FunctionName string in its Parameters");
            }
            functionName = fn.asText();
            resourceType = task.kind().resourceType();
            resource = task.kind().resource();
        }
        String paramsText = resumeToken == null ? scheduled(params, timeout, heartbeat) : null;
        if (waitsForToken) {
            engine.tokens().register(token, this);
        }
        // A deadline is an instant: a resumed task keeps the one it was scheduled with, and a retry
        // that ran late (the clock moved past it) counts from when it was due.
        long now = engine.clock().millis();
        long from = scheduledAt > 0 && resumeToken != null ? scheduledAt : step.retryDue > 0 ? Math.min(step.retryDue, now) : now;
        step.retryDue = 0;
        lastHeartbeat = from;
        if (timeout > 0) {
            engine.timers().at(from + timeout * 1000, () -> timedOut(StatesError.TIMEOUT, "The task timed out after " + timeout + " seconds"));
        }
        if (waitsForToken && heartbeat > 0) {
            armHeartbeat(heartbeat);
        }
        if (alreadySubmitted) {
            return; // the function already has the token; wait for its callback
        }
        Optional<MockConfig.Response> mock = interpreter.mocked(step);
        if (mock.isPresent()) {
            switch (mock.get()) {
                case MockConfig.Return r -> {
                    if (waitsForToken) {
                        complete(r.value());
                    } else {
                        succeed(r.value());
                    }
                }
                case MockConfig.Throw t -> fail(new StatesError(t.error(), t.cause()));
            }
            return;
        }
        if (task.kind().mockedOnly()) {
            // Accepted because a test case mocks this state; this execution's test case does not.
            fail(new StatesError(StatesError.TASK_FAILED, "No mocked response for state '" + task.name()
                    + "' in this execution's test case (start it as <stateMachineArn>#<TestCase>); this engine calls no "
                    + resourceType.toUpperCase(java.util.Locale.ROOT)));
            return;
        }
        JsonNode payload = task.kind() == State.TaskKind.LAMBDA_FUNCTION ? params
                : params.has("Payload") ? params.get("Payload") : JsonPaths.MAPPER.createObjectNode();
        byte[] bytes = (payload == params && paramsText != null ? paramsText : JsonText.of(payload)).getBytes(StandardCharsets.UTF_8);
        engine.lambdaExecutor().execute(() -> invoke(functionName, bytes, waitsForToken));
    }

    /** A JSONata TimeoutSeconds or HeartbeatSeconds: a positive whole number. */
    private static long seconds(localaws.stepfunctions.json.Template expression, JsonNode eff, localaws.stepfunctions.json.Roots ctx, String field) {
        JsonNode v = expression.apply(eff, ctx);
        if (!v.isIntegralNumber() || v.asLong() < 1) {
            throw new StatesError(StatesError.QUERY_EVALUATION, "The JSONata expression of " + field + " must give a positive whole number, not " + v);
        }
        return v.asLong();
    }

    private long seconds(Integer fixed, JsonPaths path, JsonNode eff, localaws.stepfunctions.json.Roots ctx, String field) {
        if (path != null) {
            JsonNode v = path.read(eff, ctx);
            if (!v.isIntegralNumber() || v.asLong() < 1) {
                throw StatesError.runtime("The " + field + " parameter does not reference a valid positive integer: " + v);
            }
            return v.asLong();
        }
        return fixed == null ? 0 : fixed;
    }

    /**
     * Writes the task's scheduled and started events. Returns the parameters as text when the
     * scheduled event has them so (a Lambda function's, which are also its payload: not written
     * again), else null.
     */
    private String scheduled(JsonNode params, long timeout, long heartbeat) {
        if (task.kind() == State.TaskKind.LAMBDA_FUNCTION) {
            String d = "{\"resource\":" + JsonText.quoted(resource) + (timeout > 0 ? ",\"timeoutInSeconds\":" + timeout : "") + "}";
            String paramsText = JsonText.of(params);
            interpreter.emit(step.scope, "LambdaFunctionScheduled", EventDetails.payload(d, "input", paramsText, null), null);
            interpreter.emit(step.scope, "LambdaFunctionStarted", EventDetails.NONE, null);
            return paramsText;
        }
        ObjectNode d = base();
        d.put("region", engine.region());
        d.put("parameters", params.toString());
        if (timeout > 0) {
            d.put("timeoutInSeconds", timeout);
        }
        if (heartbeat > 0) {
            d.put("heartbeatInSeconds", heartbeat);
        }
        interpreter.emit(step.scope, "TaskScheduled", d, token);
        interpreter.emit(step.scope, "TaskStarted", base(), null);
        return null;
    }

    private ObjectNode base() {
        ObjectNode d = JsonPaths.MAPPER.createObjectNode();
        d.put("resourceType", resourceType);
        d.put("resource", resource);
        return d;
    }

    private void invoke(String functionName, byte[] payload, boolean waitsForToken) {
        LambdaFunctions.Result result;
        try {
            result = engine.functions().invoke(functionName, payload);
        } catch (StatesError e) {
            fail(e);
            return;
        } catch (RuntimeException e) {
            fail(new StatesError("Lambda.ServiceException", String.valueOf(e.getMessage())));
            return;
        }
        JsonNode envelope;
        try {
            envelope = resultOf(task.kind(), result);
        } catch (StatesError e) {
            fail(e);
            return;
        }
        if (task.kind() == State.TaskKind.LAMBDA_FUNCTION) {
            succeed(envelope);
            return;
        }
        if (waitsForToken) {
            if (!settled.get()) {
                ObjectNode d = base();
                d.put("output", JsonText.of(envelope));
                d.putObject("outputDetails").put("truncated", false);
                interpreter.emit(step.scope, "TaskSubmitted", d, null);
            }
            return;
        }
        succeed(envelope);
    }

    /**
     * A function's answer as the task's result: a function error is the task's failure (its
     * {@code errorType}, the error JSON as the cause); a function ARN's result is what it returned,
     * {@code lambda:invoke}'s is AWS's envelope around it.
     */
    static JsonNode resultOf(State.TaskKind kind, LambdaFunctions.Result result) {
        String body = new String(result.payload(), StandardCharsets.UTF_8);
        if (result.functionError() != null) {
            JsonNode error = parseOrText(body);
            String type = error.path("errorType").isTextual() ? error.get("errorType").asText() : "Lambda.Unknown";
            throw new StatesError(type, body);
        }
        JsonNode returned = parseOrText(body);
        if (kind == State.TaskKind.LAMBDA_FUNCTION) {
            return returned;
        }
        ObjectNode envelope = JsonPaths.MAPPER.createObjectNode();
        envelope.put("ExecutedVersion", "$LATEST");
        envelope.set("Payload", returned);
        ObjectNode http = envelope.putObject("SdkHttpMetadata");
        ObjectNode headers = JsonPaths.MAPPER.createObjectNode();
        headers.put("Content-Type", "application/json");
        headers.put("X-Amz-Executed-Version", "$LATEST");
        http.set("AllHttpHeaders", headers.deepCopy());
        http.set("HttpHeaders", headers);
        http.put("HttpStatusCode", 200);
        envelope.putObject("SdkResponseMetadata").put("RequestId", UUID.randomUUID().toString());
        envelope.put("StatusCode", 200);
        return envelope;
    }

    private static JsonNode parseOrText(String body) {
        try {
            JsonNode node = JsonPaths.MAPPER.readTree(body);
            return node == null ? JsonPaths.MAPPER.nullNode() : node;
        } catch (Exception e) {
            return JsonPaths.MAPPER.getNodeFactory().textNode(body);
        }
    }

    /** The task's own result arrived: record it and leave the state. */
    private void succeed(JsonNode result) {
        String out = JsonText.of(result);
        if (Interpreter.overLimit(out)) {
            // A result too large is the task's failure, which its Retry and Catch (States.ALL
            // included) handle, as AWS does; only a state's own output over the limit is terminal.
            fail(StatesError.taskFailure(StatesError.DATA_LIMIT, "The state/task '"
                    + (task.kind() == State.TaskKind.LAMBDA_FUNCTION ? resource : resourceType)
                    + "' returned a result with a size exceeding the maximum number of bytes service limit."));
            return;
        }
        if (!settled.compareAndSet(false, true) || step.scope.isCancelled()) {
            return;
        }
        if (task.kind() == State.TaskKind.LAMBDA_FUNCTION) {
            interpreter.emit(step.scope, "LambdaFunctionSucceeded", EventDetails.payload(null, "output", out, null), null);
        } else {
            interpreter.emit(step.scope, "TaskSucceeded", EventDetails.payload(JsonText.of(base()), "output", out, null), null);
        }
        Interpreter.Leaving output;
        try {
            output = interpreter.leaving(task.io(), step, result);
        } catch (StatesError e) {
            interpreter.failState(step, interpreter.evaluated(step, e), this::retry);
            return;
        }
        interpreter.exit(step, output, task.transition().next());
    }

    private void fail(StatesError error) {
        if (!settled.compareAndSet(false, true) || step.scope.isCancelled()) {
            return;
        }
        engine.tokens().forget(token);
        ObjectNode d = task.kind() == State.TaskKind.LAMBDA_FUNCTION ? JsonPaths.MAPPER.createObjectNode() : base();
        d.put("error", error.error());
        d.put("cause", error.cause());
        interpreter.emit(step.scope, task.kind() == State.TaskKind.LAMBDA_FUNCTION ? "LambdaFunctionFailed" : "TaskFailed", d, null);
        interpreter.failState(step, error, this::retry);
    }

    private void timedOut(String error, String cause) {
        if (!settled.compareAndSet(false, true) || step.scope.isCancelled()) {
            return;
        }
        engine.tokens().timedOut(token);
        ObjectNode d = task.kind() == State.TaskKind.LAMBDA_FUNCTION ? JsonPaths.MAPPER.createObjectNode() : base();
        d.put("error", error);
        d.put("cause", cause);
        interpreter.emit(step.scope, task.kind() == State.TaskKind.LAMBDA_FUNCTION ? "LambdaFunctionTimedOut" : "TaskTimedOut", d, null);
        interpreter.failState(step, new StatesError(error, cause), this::retry);
    }

    private void retry() {
        new TaskRun(interpreter, engine, step, task).attempt(null, false);
    }

    private void armHeartbeat(long seconds) {
        long due = lastHeartbeat + seconds * 1000;
        engine.timers().at(due, () -> {
            if (settled.get()) {
                return;
            }
            if (lastHeartbeat + seconds * 1000 <= engine.clock().millis()) {
                timedOut(StatesError.HEARTBEAT_TIMEOUT, "The task did not send a heartbeat within " + seconds + " seconds");
            } else {
                armHeartbeat(seconds);
            }
        });
    }

    // ---- callbacks (SendTaskSuccess / Failure / Heartbeat) --------------------------------------

    Execution execution() {
        return step.scope.ex;
    }

    boolean isSettled() {
        return settled.get();
    }

    void heartbeat() {
        lastHeartbeat = engine.clock().millis();
    }

    /** SendTaskSuccess: the callback's output is the task's result. */
    void complete(JsonNode output) {
        engine.tokens().forget(token);
        succeed(output);
    }

    /** SendTaskFailure. */
    void completeWithFailure(String error, String cause) {
        fail(new StatesError(error == null ? "" : error, cause == null ? "" : cause));
    }
}
