package localaws.stepfunctions.engine;

import localaws.stepfunctions.json.JsonPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The context object {@code $$} (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html):
 * {@code Execution} (built once an execution and shared), {@code State}, {@code StateMachine},
 * and {@code Task.Token} and {@code Map.Item} where the state has them.
 */
final class ContextObject {
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ContextObject() {}

    /**
     * The context object of a state of {@code ex} entered at {@code enteredMillis}, on its retry
     * {@code retryCount}, with its task token and Map item where it has them (or null).
     */
    static JsonNode of(Execution ex, long enteredMillis, String stateName, int retryCount, String token, JsonNode mapItem) {
        ObjectNode ctx = JsonPaths.MAPPER.createObjectNode();
        JsonNode e = ex.contextExecution;
        if (e == null) {
            ObjectNode built = JsonPaths.MAPPER.createObjectNode();
            built.put("Id", ex.arn());
            built.set("Input", Interpreter.parse(ex.input()));
            built.put("Name", ex.name());
            built.put("RoleArn", ex.stateMachine().roleArn());
            built.put("StartTime", ISO_MILLIS.format(Instant.ofEpochMilli(ex.startMillis())));
            built.put("RedriveCount", ex.redriveCount());
            ex.contextExecution = built; // shared and never changed: nodes are not mutated once built
            e = built;
        }
        ctx.set("Execution", e);
        ObjectNode s = ctx.putObject("State");
        s.put("EnteredTime", ISO_MILLIS.format(Instant.ofEpochMilli(enteredMillis)));
        s.put("Name", stateName);
        s.put("RetryCount", retryCount);
        ObjectNode sm = ctx.putObject("StateMachine");
        sm.put("Id", ex.stateMachine().arn());
        sm.put("Name", ex.stateMachine().name());
        if (token != null) {
            ctx.putObject("Task").put("Token", token);
        }
        if (mapItem != null) {
            ctx.putObject("Map").set("Item", mapItem);
        }
        return ctx;
    }
}
