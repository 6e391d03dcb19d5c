package awards.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs in a fresh JVM with only the functions jar beside it, as a Lambda sandbox does: loads a
 * handler class, builds it with its no-argument constructor (environment from System.getenv), and
 * invokes it twice with event files. Prints one line of milliseconds.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {}

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long main = System.currentTimeMillis();
        long t0 = System.nanoTime();
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        double prime = 0;
        if (args.length > 3 && args[3].equals("--prime")) {
            // What SnapStart's beforeCheckpoint hook runs, before the snapshot: not on the first request's clock.
            long p0 = System.nanoTime();
            awards.platform.Priming.prime();
            prime = (System.nanoTime() - p0) / 1e6;
        }
        long t1 = System.nanoTime();
        String first = invoke(handler, Files.readAllBytes(Path.of(args[1])));
        long t2 = System.nanoTime();
        String second = invoke(handler, Files.readAllBytes(Path.of(args[2])));
        long t3 = System.nanoTime();
        if (!first.contains("\"statusCode\":201") || !second.contains("\"statusCode\":201")) {
            throw new IllegalStateException("unexpected responses: " + first + " / " + second);
        }
        System.out.printf("{\"jvmToMain\":%d,\"construct\":%.1f,\"prime\":%.1f,\"first\":%.1f,\"second\":%.1f}%n",
                main - jvmStart, (t1 - t0) / 1e6 - prime, prime, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    }

    private static String invoke(RequestStreamHandler handler, byte[] event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return out.toString();
    }
}
