package awards.local.lambda;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Refuses every AWS SDK call made by a function invocation that was stopped at its timeout, as if
 * Lambda had stopped its sandbox: registered for every SDK client in this process through
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}; calls made outside an
 * invocation, or within its time, pass untouched.
 */
public final class StoppedInvocations implements ExecutionInterceptor {
    /**
     * What the stopped invocation's call throws: an {@link Error}, so that no handler's
     * {@code catch (RuntimeException)} turns it into more work (a compensating write, a retry).
     */
    public static final class Stopped extends Error {
        Stopped(String operation) {
            super("this invocation was stopped at its timeout: " + operation + " is not made", null, false, false);
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (LocalFunctions.stoppedHere()) {
            throw new Stopped(context.request().getClass().getSimpleName().replaceFirst("Request$", ""));
        }
    }
}
