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

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + " " + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        CALLS.computeIfAbsent(operation, k -> new LongAdder()).increment();
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
