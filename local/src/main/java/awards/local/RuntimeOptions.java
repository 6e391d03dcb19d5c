package awards.local;

import awards.local.console.ConsoleServer;
import awards.local.dynamodb.LocalDynamoDb;
import awards.local.email.SesServer;
import awards.local.gateway.HttpApiGateway;
import awards.local.lambda.LambdaInvokeServer;
import awards.local.stepfunctions.api.StepFunctionsServer;
import java.nio.file.Path;

/** How to run the local runtime; every port 0 means "any free port". */
public record RuntimeOptions(Path root, Path dataDir, boolean demo, int apiPort, int lambdaPort, int dynamoPort, int sfnPort,
                             int sesPort, int consolePort, String adminToken) {

    public static final String USAGE = """
            usage: awards-local [options]
              --data DIR          keep everything in DIR (default .awards-local)
              --in-memory         keep nothing: a throwaway run
              --demo              seed a demo cycle and the two sample nominations
              --api-port N        the HTTP API (default 3000)
              --console-port N    the console and clock (default 9000)
              --lambda-port N     Lambda's Invoke API (default 3001)
              --dynamodb-port N   DynamoDB Local (default 8000)
              --sfn-port N        Step Functions (default 8083)
              --ses-port N        SES v2 and the outbox (default 8005)
              --admin-token T     the token for /admin routes (default: a random one, kept in the data folder)
              --root DIR          the project folder with infra/ and events/ (default .)""";

    public static RuntimeOptions defaults() {
        return new RuntimeOptions(Path.of("."), Path.of(".awards-local"), false, HttpApiGateway.DEFAULT_PORT, LambdaInvokeServer.DEFAULT_PORT,
                LocalDynamoDb.DEFAULT_PORT, StepFunctionsServer.DEFAULT_PORT, SesServer.DEFAULT_PORT, ConsoleServer.DEFAULT_PORT, null);
    }

    /** Every port free, for tests. */
    public static RuntimeOptions anyPorts(Path root, Path dataDir) {
        return new RuntimeOptions(root, dataDir, false, 0, 0, 0, 0, 0, 0, null);
    }

    public RuntimeOptions withDemo(boolean on) {
        return new RuntimeOptions(root, dataDir, on, apiPort, lambdaPort, dynamoPort, sfnPort, sesPort, consolePort, adminToken);
    }

    public RuntimeOptions withAdminToken(String token) {
        return new RuntimeOptions(root, dataDir, demo, apiPort, lambdaPort, dynamoPort, sfnPort, sesPort, consolePort, token);
    }

    public static RuntimeOptions parse(String[] args) {
        RuntimeOptions o = defaults();
        Path root = o.root;
        Path data = o.dataDir;
        boolean demo = false;
        int api = o.apiPort;
        int lambda = o.lambdaPort;
        int dynamo = o.dynamoPort;
        int sfn = o.sfnPort;
        int ses = o.sesPort;
        int console = o.consolePort;
        String token = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--data" -> data = Path.of(value(args, ++i, a));
                case "--in-memory" -> data = null;
                case "--demo" -> demo = true;
                case "--api-port" -> api = port(args, ++i, a);
                case "--lambda-port" -> lambda = port(args, ++i, a);
                case "--dynamodb-port" -> dynamo = port(args, ++i, a);
                case "--sfn-port" -> sfn = port(args, ++i, a);
                case "--ses-port" -> ses = port(args, ++i, a);
                case "--console-port" -> console = port(args, ++i, a);
                case "--admin-token" -> token = value(args, ++i, a);
                case "--root" -> root = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
            }
        }
        return new RuntimeOptions(root, data, demo, api, lambda, dynamo, sfn, ses, console, token);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int port(String[] args, int i, String option) {
        try {
            int p = Integer.parseInt(value(args, i, option));
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a port number from 0 to 65535");
        }
    }
}
