package localaws.stepfunctions;

import localaws.stepfunctions.errors.StatesError;

import localaws.stepfunctions.api.StepFunctionsApi;
import localaws.stepfunctions.engine.Engine;
import localaws.VirtualClock;
import localaws.stepfunctions.engine.Execution;
import localaws.stepfunctions.engine.HistoryEvent;
import localaws.LambdaFunctions;
import localaws.stepfunctions.json.JsonPaths;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An engine on a frozen clock with functions written in the test, for the construct tests: run a
 * definition, wait (in real time, briefly) for it to settle, read the outcome and the history.
 */
public final class EngineHarness implements AutoCloseable {
    public static final Instant T0 = Instant.parse("2027-04-01T08:00:00Z");
    public final VirtualClock clock;
    public final Map<String, Function<JsonNode, JsonNode>> functions = new ConcurrentHashMap<>();
    public final Engine engine;
    private int machines;

    public EngineHarness() {
        this(null);
    }

    public EngineHarness(java.nio.file.Path dataDir) {
        this(dataDir, T0);
    }

    /** An engine whose frozen clock starts at {@code start}: a restart some time after the first run. */
    public EngineHarness(java.nio.file.Path dataDir, Instant start) {
        this(dataDir, start, null);
    }

    /** An engine whose retriers' full jitter draws {@code jitter} (null: at random). */
    public EngineHarness(java.nio.file.Path dataDir, Instant start, java.util.function.DoubleSupplier jitter) {
        clock = VirtualClock.frozen(start);
        LambdaFunctions lambda = (name, payload) -> {
            String shortName = name.contains(":function:") ? name.substring(name.indexOf(":function:") + 10) : name;
            Function<JsonNode, JsonNode> f = functions.get(shortName);
            if (f == null) {
                throw new localaws.stepfunctions.errors.StatesError("Lambda.ResourceNotFoundException", "Function not found: " + name);
            }
            try {
                JsonNode in = JsonPaths.MAPPER.readTree(payload);
                return new LambdaFunctions.Result(f.apply(in).toString().getBytes(StandardCharsets.UTF_8), null);
            } catch (FunctionError e) {
                String body = JsonPaths.MAPPER.createObjectNode().put("errorMessage", e.getMessage()).put("errorType", e.type).toString();
                return new LambdaFunctions.Result(body.getBytes(StandardCharsets.UTF_8), "Unhandled");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        };
        Engine.Options options = Engine.Options.inMemory(clock).withFunctions(lambda);
        if (jitter != null) {
            options = options.withJitter(jitter);
        }
        engine = new Engine(dataDir == null ? options : options.withDataDir(dataDir));
    }

    /** Thrown by a test function to fail as a Lambda function error of the given type. */
    public static final class FunctionError extends RuntimeException {
        final String type;

        public FunctionError(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    public String create(String definition) {
        return engine.createStateMachine("machine" + (++machines), definition, null, null).arn();
    }

    public Execution start(String arn, String input) {
        return engine.startExecution(arn, null, input);
    }

    /** Runs a definition to its end (or until it parks) and returns the execution. */
    public Execution run(String definition, String input) {
        return settle(start(create(definition), input));
    }

    /** Waits until the execution ends or stops moving (parked on a Wait or a token): the engine has nothing left to do now. */
    public Execution settle(Execution ex) {
        if (!engine.awaitIdle(Duration.ofSeconds(10))) {
            throw new AssertionError("the engine was still busy after 10 s with " + ex.arn());
        }
        return ex;
    }

    public void advance(Duration d) {
        clock.advanceBy(d);
    }

    public static JsonNode json(String text) {
        try {
            return JsonPaths.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static JsonNode output(Execution ex) {
        return json(ex.output());
    }

    public static List<String> types(Execution ex) {
        return ex.history().stream().map(HistoryEvent::type).toList();
    }

    public static JsonNode apiEvent(HistoryEvent e) {
        return StepFunctionsApi.event(e, true);
    }

    @Override
    public void close() {
        engine.close();
    }
}
