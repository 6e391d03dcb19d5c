package awards.local;

import awards.local.console.ConsoleServer;
import awards.local.dynamodb.LocalDynamoDb;
import awards.local.email.SesServer;
import awards.local.gateway.HttpApiGateway;
import awards.local.lambda.LambdaInvokeServer;
import localaws.stepfunctions.api.StepFunctionsServer;
import java.nio.file.Path;

/** How to run the local runtime; every port 0 means "any free port". */
public record RuntimeOptions(Path root, Path dataDir, boolean demo, int apiPort, int lambdaPort, int dynamoPort, int sfnPort,
                             int sesPort, int consolePort, String adminToken, Ses ses, String basePath,
                             awards.local.lambda.Faults faults, String region) {

    /** The local SES account: sandboxed or not, its send rate, and identities to verify at start. */
    public record Ses(boolean sandbox, double maxSendRate, java.util.List<String> identities) {
        public static final Ses DEFAULT = new Ses(false, awards.local.email.SendingLimits.DEFAULT_RATE, java.util.List.of());
    }

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
              --ses-identity X    verify an SES sender identity (an address or a domain) at start; repeatable.
                                  The template's SenderAddress is always verified.
              --ses-sandbox       SES as a new AWS account has it: recipients must be verified too,
                                  1 message a second, 200 a day
              --ses-max-send-rate N  messages a second SES accepts (default 14, SES's starting quota)
              --faults F          inject AWS's documented service errors into a fraction F of calls
                                  (Lambda throttling and SnapStart not ready, SES throttling), to see
                                  the retries work
              --base-path P       serve the HTTP API under P (say /awards), as a custom domain's API
                                  mapping does; links in emails and pages include it
              --region R          the AWS region in every ARN (default: the data folder's, else AWS_REGION or
                                  AWS_DEFAULT_REGION, else us-east-1); a data folder keeps the region it began in
              --root DIR          the project folder with infra/ and events/ (default .)""";

    public static RuntimeOptions defaults() {
        return new RuntimeOptions(Path.of("."), Path.of(".awards-local"), false, HttpApiGateway.DEFAULT_PORT, LambdaInvokeServer.DEFAULT_PORT,
                LocalDynamoDb.DEFAULT_PORT, StepFunctionsServer.DEFAULT_PORT, SesServer.DEFAULT_PORT, ConsoleServer.DEFAULT_PORT, null, Ses.DEFAULT, "", awards.local.lambda.Faults.NONE, null);
    }

    /** Every port free, for tests (in us-east-1, whatever the environment says). */
    public static RuntimeOptions anyPorts(Path root, Path dataDir) {
        return new RuntimeOptions(root, dataDir, false, 0, 0, 0, 0, 0, 0, null, Ses.DEFAULT, "", awards.local.lambda.Faults.NONE, "us-east-1");
    }

    /** Whether every port is the runtime's to choose (tests): then a port taken between choosing and binding is chosen again. */
    public boolean choosesPorts() {
        return apiPort == 0 && lambdaPort == 0 && dynamoPort == 0 && sfnPort == 0 && sesPort == 0 && consolePort == 0;
    }

    public RuntimeOptions withDemo(boolean on) {
        return new RuntimeOptions(root, dataDir, on, apiPort, lambdaPort, dynamoPort, sfnPort, sesPort, consolePort, adminToken, ses, basePath, faults, region);
    }

    public RuntimeOptions withAdminToken(String token) {
        return new RuntimeOptions(root, dataDir, demo, apiPort, lambdaPort, dynamoPort, sfnPort, sesPort, consolePort, token, ses, basePath, faults, region);
    }

    public RuntimeOptions withBasePath(String path) {
        return new RuntimeOptions(root, dataDir, demo, apiPort, lambdaPort, dynamoPort, sfnPort, sesPort, consolePort, adminToken, ses, basePath(path), faults, region);
    }

    /** "" or "/a/b": what a custom domain's API mapping puts before every route. */
    static String basePath(String path) {
        String p = path.strip();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return "";
        }
        p = p.startsWith("/") ? p : "/" + p;
        if (!p.matches("(/[A-Za-z0-9._~-]+)+")) {
            throw new IllegalArgumentException("--base-path needs a path such as /awards (letters, digits, . _ ~ - between slashes)");
        }
        return p;
    }

    public RuntimeOptions withFaults(awards.local.lambda.Faults newFaults) {
        return new RuntimeOptions(root, dataDir, demo, apiPort, lambdaPort, dynamoPort, sfnPort, sesPort, consolePort, adminToken, ses, basePath, newFaults, region);
    }

    public RuntimeOptions withSes(Ses newSes) {
        return new RuntimeOptions(root, dataDir, demo, apiPort, lambdaPort, dynamoPort, sfnPort, sesPort, consolePort, adminToken, newSes, basePath, faults, region);
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
        boolean sandbox = false;
        double rate = awards.local.email.SendingLimits.DEFAULT_RATE;
        java.util.List<String> identities = new java.util.ArrayList<>();
        String basePath = "";
        double faultRate = 0;
        String region = null;
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
                case "--ses-identity" -> identities.add(value(args, ++i, a));
                case "--ses-sandbox" -> sandbox = true;
                case "--base-path" -> basePath = basePath(value(args, ++i, a));
                case "--faults" -> faultRate = fraction(args, ++i, a);
                case "--ses-max-send-rate" -> rate = rate(args, ++i, a);
                case "--region" -> region = region(value(args, ++i, a), a);
                default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
            }
        }
        return new RuntimeOptions(root, data, demo, api, lambda, dynamo, sfn, ses, console, token,
                new Ses(sandbox, rate, java.util.List.copyOf(identities)), basePath,
                faultRate == 0 ? awards.local.lambda.Faults.NONE : new awards.local.lambda.Faults(faultRate, System.nanoTime()), region);
    }

    private static final java.util.regex.Pattern REGION = java.util.regex.Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    /** An AWS region's name (eu-west-2, us-gov-west-1), or a clear refusal; {@code where} says where it came from. */
    public static String region(String name, String where) {
        if (!REGION.matcher(name).matches()) {
            throw new IllegalArgumentException(where + " needs an AWS region such as eu-west-2 (not \"" + name + "\")");
        }
        return name;
    }

    public RuntimeOptions withRegion(String newRegion) {
        return new RuntimeOptions(root, dataDir, demo, apiPort, lambdaPort, dynamoPort, sfnPort, sesPort, consolePort, adminToken, ses, basePath, faults, newRegion);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static double fraction(String[] args, int i, String option) {
        return number(args, i, option, f -> f >= 0 && f <= 1, "a fraction from 0 to 1, such as 0.05");
    }

    private static double rate(String[] args, int i, String option) {
        return number(args, i, option, r -> r > 0 && r <= 100_000, "a number of messages a second above 0");
    }

    /** The option's value as a number that {@code allowed} accepts (NaN never is). */
    private static double number(String[] args, int i, String option, java.util.function.DoublePredicate allowed, String what) {
        try {
            double v = Double.parseDouble(value(args, i, option));
            if (!allowed.test(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs " + what);
        }
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
