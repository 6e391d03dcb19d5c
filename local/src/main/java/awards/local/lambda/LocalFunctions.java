package awards.local.lambda;

import localaws.LambdaFunctions;
import localaws.stepfunctions.errors.StatesError;
import awards.local.template.LocalNames;
import awards.local.template.SamTemplate;
import awards.local.template.TemplateValues;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The template's functions, run in this process as the Lambda runtime runs them: a handler built
 * once with the function's own environment (resolved from the template), invoked with the event's
 * bytes, within the function's timeout, its failures reported in Lambda's error shape.
 */
public final class LocalFunctions implements LambdaFunctions, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One function of the template. */
    public record Function(String name, String arn, String handlerClass, Map<String, String> environment, int timeoutSeconds,
                           int memoryMb, RequestStreamHandler handler) {}

    private final Map<String, Function> functions;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    /** Told of every invocation that returned (the local runtime's own services follow some: the outbox). */
    private final java.util.List<Invoked> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** One function's answer to one payload. */
    public interface Invoked {
        void invoked(String function, byte[] payload, byte[] answer);
    }

    public void onInvoked(Invoked listener) {
        listeners.add(listener);
    }

    private LocalFunctions(Map<String, Function> functions) {
        this.functions = functions;
    }

    /**
     * Builds every function of the template. {@code runtimeEnvironment} is what Lambda itself adds
     * (region, credentials, the local endpoints). A handler class that does not load is an error
     * naming the function and the class.
     */
    public static LocalFunctions fromTemplate(SamTemplate template, TemplateValues values, LocalNames names, Map<String, String> runtimeEnvironment) {
        Map<String, Function> out = new LinkedHashMap<>();
        for (var e : template.resources("AWS::Serverless::Function").entrySet()) {
            String name = e.getKey();
            JsonNode fn = e.getValue();
            String handler = template.functionProperty(fn, "Handler").asText();
            String className = handler.split("::")[0];
            Map<String, String> env = new HashMap<>();
            template.functionProperty(fn, "Environment").path("Variables").properties().forEach(v -> {
                String value = values.text(v.getValue());
                if (value != null) {
                    env.put(v.getKey(), value);
                }
            });
            int timeout = template.functionProperty(fn, "Timeout").asInt(3);
            int memory = template.functionProperty(fn, "MemorySize").asInt(128);
            env.putAll(runtimeEnvironment);
            // Credentials of its own, as its role gives each function in AWS: the access key id is its
            // name, so every call it makes is held to its own policies (awards.local.iam.LocalIam).
            if (runtimeEnvironment.containsKey("AWS_ACCESS_KEY_ID")) {
                env.put("AWS_ACCESS_KEY_ID", name);
            }
            env.put("AWS_LAMBDA_FUNCTION_NAME", name);
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memory));
            env.put("AWS_LAMBDA_FUNCTION_TIMEOUT", Integer.toString(timeout));
            Map<String, String> environment = Map.copyOf(env);
            out.put(name, new Function(name, names.functionArn(name), className, environment, timeout, memory, instantiate(name, className, environment)));
        }
        return new LocalFunctions(out);
    }

    private static RequestStreamHandler instantiate(String function, String className, Map<String, String> env) {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("function " + function + ": handler class " + className + " does not load (" + e + ")");
        }
        if (!RequestStreamHandler.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("function " + function + ": " + className + " is not a RequestStreamHandler, which is what the local runtime invokes");
        }
        try {
            try {
                Constructor<?> withEnvironment = type.getConstructor(Map.class);
                return (RequestStreamHandler) withEnvironment.newInstance(env);
            } catch (NoSuchMethodException e) {
                // A handler without an environment constructor reads System.getenv: it gets this process's.
                return (RequestStreamHandler) type.getConstructor().newInstance();
            }
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("function " + function + ": " + className + " failed to start: " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("function " + function + ": " + className + " cannot be built: " + e.getMessage(), e);
        }
    }

    public Collection<Function> all() {
        return functions.values();
    }

    /** The function a name, partial ARN or full ARN refers to. */
    public Optional<Function> find(String nameOrArn) {
        String name = nameOrArn;
        int at = name.indexOf(":function:");
        if (at >= 0) {
            name = name.substring(at + ":function:".length());
        }
        int qualifier = name.indexOf(':');
        if (qualifier >= 0) {
            name = name.substring(0, qualifier);
        }
        return Optional.ofNullable(functions.get(name));
    }

    /** The engine's view: a function error is a result, a missing function a Lambda service error. */
    @Override
    public Result invoke(String nameOrArn, byte[] payload) {
        Function f = find(nameOrArn).orElseThrow(() -> new StatesError("Lambda.ResourceNotFoundException",
                "Function not found: " + nameOrArn));
        return invoke(f, payload);
    }

    /**
     * A synchronous invocation's response is at most 6 MB: Lambda's own figure in its error is
     * 6,291,556 bytes (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
     */
    static final int MAX_RESPONSE_BYTES = 6_291_556;

    /**
     * The deadline ({@link System#nanoTime()}) of the invocation the current thread runs for. Lambda
     * stops a function at its timeout ("the amount of time that Lambda allows a function to run before
     * stopping it", https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html); a thread
     * here cannot be killed, so the handler is interrupted and {@link StoppedInvocations} refuses every
     * AWS call it still makes. Otherwise a timed-out attempt would go on writing beside its retry,
     * which in AWS cannot happen.
     */
    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    /** Whether the current thread runs an invocation past its timeout (stopped, as Lambda stops it). */
    static boolean stoppedHere() {
        Long deadline = DEADLINE.get();
        return deadline != null && System.nanoTime() - deadline >= 0;
    }

    public Result invoke(Function f, byte[] payload) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(f.timeoutSeconds());
        String requestId = UUID.randomUUID().toString();
        Future<byte[]> call = executor.submit(() -> {
            DEADLINE.set(deadline);
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                f.handler().handleRequest(new ByteArrayInputStream(payload), out, new LocalContext(requestId, f, deadline));
                return out.toByteArray();
            } finally {
                DEADLINE.remove();
            }
        });
        try {
            byte[] out = call.get(f.timeoutSeconds(), TimeUnit.SECONDS);
            if (out.length > MAX_RESPONSE_BYTES) {
                // Lambda refuses to return it; API Gateway then answers 500 (an integration failure).
                return error("Response payload size (" + out.length + " bytes) exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES
                        + " bytes).", "Function.ResponseSizeTooLarge", null);
            }
            for (Invoked l : listeners) {
                try {
                    l.invoked(f.name(), payload, out);
                } catch (RuntimeException e) {
                    System.err.println("after " + f.name() + ": " + e.getMessage());
                }
            }
            return new Result(out.length == 0 ? "null".getBytes(StandardCharsets.UTF_8) : out, null);
        } catch (TimeoutException e) {
            call.cancel(true);
            return error(f.timeoutSeconds() == 0 ? "timed out" : String.format("Task timed out after %d.00 seconds", f.timeoutSeconds()),
                    "Sandbox.Timedout", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // As Lambda logs an invocation's uncaught error in the JSON log format: no payload, no stack here.
            ObjectNode line = JSON.createObjectNode().put("timestamp", java.time.Instant.now().toString()).put("level", "ERROR")
                    .put("function", f.name()).put("requestId", requestId).put("errorType", cause.getClass().getName())
                    .put("errorMessage", String.valueOf(cause.getMessage()));
            System.err.println(line);
            return error(String.valueOf(cause.getMessage()), cause.getClass().getName(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatesError("Lambda.ServiceException", "interrupted");
        }
    }

    /** Lambda's error payload: errorMessage, errorType and stackTrace, with the "Unhandled" function error. */
    private static Result error(String message, String type, Throwable cause) {
        ObjectNode body = JSON.createObjectNode();
        body.put("errorMessage", message);
        body.put("errorType", type);
        ArrayNode trace = body.putArray("stackTrace");
        if (cause != null) {
            for (StackTraceElement el : cause.getStackTrace()) {
                trace.add(el.toString());
            }
        }
        return new Result(body.toString().getBytes(StandardCharsets.UTF_8), "Unhandled");
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
