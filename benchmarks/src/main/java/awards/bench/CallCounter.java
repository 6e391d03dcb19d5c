package awards.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS SDK call made in this JVM (the functions' and the runtime's own clients), by
 * service and operation: registered for every client through the SDK's global interceptor list
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors} on the class path), so the
 * benchmarks see what a cycle asks of DynamoDB, SES and Step Functions without touching the code
 * under test.
 */
public final class CallCounter implements ExecutionInterceptor {
    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();
    /** When on, DynamoDB calls are also counted by the project's code that made them (where to cut calls next). */
    private static volatile boolean sitesOn;
    private static final Map<String, LongAdder> SITES = new ConcurrentHashMap<>();
    private static final StackWalker WALKER = StackWalker.getInstance();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + " " + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        CALLS.computeIfAbsent(operation, k -> new LongAdder()).increment();
        if (sitesOn && operation.startsWith("DynamoDb ")) {
            SITES.computeIfAbsent(operation.substring("DynamoDb ".length()) + " from " + site(), k -> new LongAdder()).increment();
        }
    }

    /** The first four frames of the project's own code (the awards system, not the SDK, the JDK, the benchmark or the item helpers). */
    private static String site() {
        return WALKER.walk(frames -> frames.map(f -> f.getClassName() + "." + f.getMethodName())
                .filter(f -> f.startsWith("awards.") && !f.startsWith("awards.bench.") && !f.startsWith("awards.platform.Items.") && !f.startsWith("awards.platform.Logs."))
                .map(f -> f.substring("awards.".length())).limit(4).collect(java.util.stream.Collectors.joining(" < ")));
    }

    /** Counts DynamoDB calls by call site from now on (a stack walk per call: for finding calls, not for timing). */
    public static void countSites() {
        sitesOn = true;
    }

    /** DynamoDB calls by call site, most first (empty unless {@link #countSites()} was called). */
    public static java.util.List<Map.Entry<String, Long>> sites() {
        return SITES.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue().sum()))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList();
    }

    /** Calls so far by "service operation", sorted. */
    public static Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        CALLS.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Calls so far to one service (as the SDK names it: "DynamoDb", "SesV2", "SFN"). */
    public static long of(String service) {
        return CALLS.entrySet().stream().filter(e -> e.getKey().startsWith(service + " ")).mapToLong(e -> e.getValue().sum()).sum();
    }
}
