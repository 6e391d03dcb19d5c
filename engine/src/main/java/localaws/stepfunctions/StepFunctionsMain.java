package localaws.stepfunctions;

import localaws.stepfunctions.api.StepFunctionsServer;
import localaws.stepfunctions.engine.Engine;
import localaws.VirtualClock;
import localaws.stepfunctions.engine.MockConfig;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * The engine on its own: the Step Functions API on loopback, nothing else.
 *
 * <pre>
 * --port 8083            the API's port (0: any free port)
 * --data DIR             keep state machines and executions in DIR (default .stepfunctions-local)
 * --in-memory            keep nothing
 * --mock-config FILE     Step Functions Local's mock config (or SFN_MOCK_CONFIG)
 * --wait-time-scale X    scale every Wait (or WAIT_TIME_SCALE); 0.01 makes an hour 36 s
 * --frozen-clock TIME    start a clock that moves only through POST /_local/clock
 * --region R --account A the ARNs' region and account (us-east-1, 123456789012)
 * </pre>
 */
public final class StepFunctionsMain {
    private StepFunctionsMain() {}

    public static void main(String[] args) throws Exception {
        int port = StepFunctionsServer.DEFAULT_PORT;
        Path data = Path.of(".stepfunctions-local");
        String mock = System.getenv("SFN_MOCK_CONFIG");
        double scale = System.getenv("WAIT_TIME_SCALE") == null ? 1.0 : Double.parseDouble(System.getenv("WAIT_TIME_SCALE"));
        String region = "us-east-1";
        String account = "123456789012";
        VirtualClock clock = VirtualClock.running(Instant.now());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                case "--in-memory" -> data = null;
                case "--mock-config" -> mock = args[++i];
                case "--wait-time-scale" -> scale = Double.parseDouble(args[++i]);
                case "--frozen-clock" -> clock = VirtualClock.frozen(Instant.parse(args[++i]));
                case "--region" -> region = args[++i];
                case "--account" -> account = args[++i];
                case "--help", "-h" -> {
                    System.out.println("usage: stepfunctions [--port 8083] [--data DIR | --in-memory] [--mock-config FILE] "
                            + "[--wait-time-scale X] [--frozen-clock 2027-04-01T08:00:00Z] [--region R] [--account A]");
                    return;
                }
                default -> fail("unknown option " + args[i] + " (try --help)");
            }
        }
        Engine.Options options = Engine.Options.inMemory(clock).withRegion(region, account).withWaitTimeScale(scale);
        if (mock != null) {
            options = options.withMockConfig(MockConfig.read(Path.of(mock)));
        }
        if (data != null) {
            options = options.withDataDir(data);
        }
        // The executions a journal holds as running resume once the API serves (on a thread of their
        // own); a call that needs one (a task token's answer, a stop) waits for them.
        Engine engine = new Engine(options, false);
        StepFunctionsServer server;
        try {
            server = new StepFunctionsServer(engine, port);
        } catch (BindException e) {
            engine.close();
            fail("port " + port + " is in use; choose another with --port");
            return;
        } catch (IOException e) {
            engine.close();
            fail("cannot serve on port " + port + ": " + e.getMessage());
            return;
        }
        engine.resumeRecovered();
        System.out.println("Step Functions engine ready at " + server.endpoint()
                + (data == null ? " (in memory)" : " (data in " + data.toAbsolutePath() + ")"));
        System.out.println("  try: aws stepfunctions list-state-machines --endpoint-url " + server.endpoint());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            engine.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static void fail(String message) {
        System.err.println("stepfunctions: " + message);
        System.exit(2);
    }
}
