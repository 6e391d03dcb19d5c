package awards.local;

import awards.local.console.ConsoleData;
import awards.local.console.ConsoleServer;
import awards.local.console.Milestones;
import awards.local.dynamodb.LocalDynamoDb;
import awards.local.dynamodb.TableFromTemplate;
import awards.local.email.Outbox;
import awards.local.email.SesServer;
import awards.local.gateway.HttpApiGateway;
import awards.local.lambda.LambdaInvokeServer;
import awards.local.lambda.LocalFunctions;
import localaws.LoopbackServer;
import localaws.stepfunctions.api.StepFunctionsServer;
import localaws.stepfunctions.engine.Engine;
import localaws.VirtualClock;
import localaws.stepfunctions.engine.EngineException;
import awards.local.template.LocalNames;
import awards.local.template.SamTemplate;
import awards.local.template.StateMachineFromTemplate;
import awards.local.template.TemplateValues;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The whole awards workflow on one machine, in one process: DynamoDB Local, the Step Functions
 * engine, the template's functions in process, its HTTP API, SES into an outbox, and a console with
 * the clock; all on loopback, all built from {@code infra/template.yaml}.
 */
public final class LocalRuntime implements AutoCloseable {
    public static final String TABLE_RESOURCE = "AWS::DynamoDB::Table";
    /** How far past a milestone "next milestone" moves the clock: the lifecycle spreads wake-ups over this. */
    public static final Duration WAKE_WINDOW = awards.cycle.Plan.WAKE_WINDOW;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    private final RuntimeOptions options;
    private Path dataDir;
    private Path outboxDir;
    /** Under --in-memory: the temporary folder of this run (outbox, admin token), deleted when it stops. */
    private Path scratchDir;
    /** The region and account in every ARN of this run. */
    private LocalNames names;
    private final Map<String, Double> timings = new java.util.LinkedHashMap<>();
    private String adminToken;
    private VirtualClock clock;
    private Engine engine;
    private LocalFunctions functions;
    private Outbox outbox;
    private String stateMachineArn;
    private String tableName;
    private boolean noCycleYet;
    private awards.local.email.SesIdentities sesIdentities;
    private awards.local.iam.LocalIam iam;
    private ConsoleServer console;

    private LocalRuntime(RuntimeOptions options) {
        this.options = options;
    }

    /** Starts everything, or nothing: a failure closes what had started and says why in one line. */
    public static LocalRuntime start(RuntimeOptions options, java.io.PrintStream progress) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(options, progress);
            } catch (IllegalStateException e) {
                // A port found free was taken by another process before it was bound: choose again.
                if (attempt >= 3 || !options.choosesPorts() || !causedBy(e, BindException.class)) {
                    throw e;
                }
            }
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static LocalRuntime startOnce(RuntimeOptions options, java.io.PrintStream progress) {
        LocalRuntime r = new LocalRuntime(options);
        try {
            r.boot(progress);
            return r;
        } catch (RuntimeException | IOException e) {
            r.close();
            throw e instanceof IllegalArgumentException iae ? iae : new IllegalStateException(e.getMessage(), e);
        } catch (Error e) {
            // Nothing left running behind a failed start, whatever failed.
            r.close();
            throw e;
        }
    }

    private void boot(java.io.PrintStream progress) throws IOException {
        for (var p : Map.of("--api-port", options.apiPort(), "--lambda-port", options.lambdaPort(), "--dynamodb-port", options.dynamoPort(),
                "--sfn-port", options.sfnPort(), "--ses-port", options.sesPort(), "--console-port", options.consolePort()).entrySet()) {
            checkPortFree(p.getValue(), p.getKey());
        }
        Path templateFile = options.root().resolve("infra/template.yaml");
        SamTemplate template = SamTemplate.read(templateFile);
        dataDir = options.dataDir() == null ? null : options.dataDir().toAbsolutePath().normalize();
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new IllegalArgumentException("the data folder " + dataDir + " cannot be created: " + e.getMessage());
            }
            Path probe = dataDir.resolve(".write-test");
            try {
                Files.writeString(probe, "ok");
                Files.delete(probe);
            } catch (IOException e) {
                throw new IllegalArgumentException("the data folder " + dataDir + " is not writable");
            }
        }
        if (dataDir == null) {
            // In memory, nothing outlives the run: its outbox and admin token live in a temporary folder that goes when it stops.
            Path throwaway = Files.createTempDirectory("awards-local");
            scratchDir = throwaway;
            started.push(() -> deleteTree(throwaway));
        }
        names = new LocalNames(region(), LocalNames.DEFAULT.account());
        adminToken = loadAdminToken();
        RuntimeClock runtimeClock = RuntimeClock.open(dataDir);
        started.push(runtimeClock);
        clock = runtimeClock.clock();

        progress.println("starting DynamoDB Local" + (dataDir == null ? " (in memory)" : "") + "...");
        // DynamoDB Local takes the longest to start: it starts beside the rest (the engine's recovery
        // above all); nothing is served until it and the table are there.
        long t0 = System.nanoTime();
        // Every port is chosen now, each apart from the others: DynamoDB Local binds its own seconds
        // later, and must not take one a service of this run (or a restarted run's client) expects.
        java.util.Set<Integer> taken = new java.util.HashSet<>(java.util.List.of(options.apiPort(), options.lambdaPort(), options.dynamoPort(),
                options.sfnPort(), options.sesPort(), options.consolePort()));
        int sfnPort = choose(options.sfnPort(), taken);
        int lambdaPort = choose(options.lambdaPort(), taken);
        int apiPort = choose(options.apiPort(), taken);
        int dynamoPort = choose(options.dynamoPort(), taken);
        int sesPort = choose(options.sesPort(), taken);
        int consolePort = choose(options.consolePort(), taken);
        tableName = template.single(TABLE_RESOURCE).getKey();
        // The functions reach every service through the SDK's standard endpoint settings.
        TemplateValues values = names.values(template, Map.of("PublicBaseUrl", "http://127.0.0.1:" + apiPort + options.basePath()));
        iam = awards.local.iam.LocalIam.fromTemplate(template, values, names, System.err::println);
        // DynamoDB Local serves at the port clients use, its IAM gate in front of it in its own server.
        awards.local.iam.LocalIam gateIam = iam;
        java.util.function.Supplier<org.eclipse.jetty.server.Handler.Wrapper> gate = () -> new awards.local.dynamodb.DynamoDbGate(gateIam, names, dynamoPort);
        String dynamoEndpoint = "http://127.0.0.1:" + dynamoPort;
        CompletableFuture<LocalDynamoDb> dynamoStarting = new CompletableFuture<>();
        Thread.ofPlatform().name("dynamodb-local-start").start(() -> {
            try {
                dynamoStarting.complete(LocalDynamoDb.start(dynamoPort, dataDir == null ? null : dataDir.resolve("dynamodb"), gate));
            } catch (Throwable e) {
                dynamoStarting.completeExceptionally(e);
            }
        });
        // Whatever happens to this start, DynamoDB Local stops with it once it is up.
        started.push(() -> dynamoStarting.handle((d, e) -> d).thenAccept(d -> {
            if (d != null) {
                d.close();
            }
        }).join());
        endpoints.put("DynamoDB Local", dynamoEndpoint);

        outboxDir = (dataDir == null ? scratchDir : dataDir).resolve("outbox");
        outbox = new Outbox(outboxDir);
        sesIdentities = new awards.local.email.SesIdentities(dataDir == null ? null : dataDir.resolve("ses-identities.json"));
        // The template's sender is what the functions send as; in AWS it is verified before deploying.
        String sender = values.text(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("Ref", "SenderAddress"));
        if (sender != null && !sender.isBlank()) {
            sesIdentities.create(sender);
        }
        options.ses().identities().forEach(sesIdentities::create);

        Map<String, String> runtimeEnv = new HashMap<>();
        runtimeEnv.put("AWS_REGION", names.region());
        runtimeEnv.put("AWS_DEFAULT_REGION", names.region());
        runtimeEnv.put("AWS_ACCESS_KEY_ID", "local");
        runtimeEnv.put("AWS_SECRET_ACCESS_KEY", "local");
        runtimeEnv.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoEndpoint);
        runtimeEnv.put("AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:" + sfnPort);
        runtimeEnv.put("AWS_ENDPOINT_URL_SESV2", "http://127.0.0.1:" + sesPort);
        runtimeEnv.put("AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:" + lambdaPort);
        functions = LocalFunctions.fromTemplate(template, values, names, runtimeEnv);
        started.push(functions);

        if (dataDir != null) {
            progress.println("starting the Step Functions engine (journal in " + dataDir.resolve("stepfunctions") + ")...");
        }
        // The state machine's role, held to its policies (LambdaInvokePolicy) when it invokes a function.
        String machineId = template.single("AWS::Serverless::StateMachine").getKey();
        localaws.LambdaFunctions asStateMachine = (nameOrArn, payload) -> {
            String arn = nameOrArn.startsWith("arn:") ? nameOrArn : names.functionArn(nameOrArn);
            iam.deny(machineId, "lambda:InvokeFunction", arn).ifPresent(denied -> {
                throw new localaws.stepfunctions.errors.StatesError("Lambda.AWSLambdaException", denied);
            });
            options.faults().lambda().ifPresent(fault -> {
                throw new localaws.stepfunctions.errors.StatesError(fault[0], fault[1]);
            });
            return functions.invoke(nameOrArn, payload);
        };
        Engine.Options engineOptions = Engine.Options.inMemory(clock).withFunctions(asStateMachine)
                .withRegion(names.region(), names.account());
        long engineStart = System.nanoTime();
        // The executions the journal holds as running resume once every server is up (below):
        // resumed now, their work would compete with the rest of this start.
        engine = new Engine(dataDir == null ? engineOptions : engineOptions.withDataDir(dataDir.resolve("stepfunctions")), false);
        timings.put("engine", (System.nanoTime() - engineStart) / 1e9);
        started.push(engine);
        var definition = StateMachineFromTemplate.read(template, values);
        String stateMachineName = LocalNames.stateMachineName(definition.logicalId(),
                template.single("AWS::Serverless::StateMachine").getValue(), values);
        stateMachineArn = names.stateMachineArn(stateMachineName);
        try {
            try {
                engine.stateMachine(stateMachineArn);
                engine.updateStateMachine(stateMachineArn, definition.json(), null);
            } catch (EngineException missing) {
                engine.createStateMachine(stateMachineName, definition.json(), null, "STANDARD");
            }
        } catch (EngineException e) {
            throw new IllegalArgumentException(definition.file() + ": " + e.getMessage());
        }
        LocalDynamoDb dynamo = awaitDynamo(dynamoStarting);
        timings.put("DynamoDB Local", (System.nanoTime() - t0) / 1e9);
        long tableStart = System.nanoTime();
        DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(URI.create(dynamo.endpoint())).region(Region.of(names.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        started.push(ddb);
        if (TableFromTemplate.ensure(ddb, template, tableName)) {
            progress.println("created table " + tableName + " from " + templateFile);
        }
        timings.put("table", (System.nanoTime() - tableStart) / 1e9);

        // The servers, the HTTP API last, so clients (a restarted run's above all) reach a runtime
        // that is all there; then the executions the journal held and the schedules resume, so the
        // work they bring does not compete with this start ("ready" follows at once).
        long serversStart = System.nanoTime();
        followPrivacy(new awards.nomination.NominationStore(ddb, tableName));
        ConsoleData consoleData = new ConsoleData(engine, stateMachineArn, outbox, new awards.nomination.NominationStore(ddb, tableName),
                new awards.judging.JudgingStore(ddb, tableName), new Milestones(ddb, tableName));
        noCycleYet = !options.demo() && consoleData.milestones().cycles().isEmpty();
        String apiEndpoint = "http://127.0.0.1:" + apiPort + options.basePath();
        console = new ConsoleServer(options.root(), clock, consoleData, WAKE_WINDOW, consolePort, adminToken, apiEndpoint);
        started.push(console);
        // SES too: a client reading the outbox (a few thousand messages late in a cycle) would compete with the start.
        SesServer ses = new SesServer(outbox, clock, sesPort, sesIdentities,
                awards.local.email.SendingLimits.of(options.ses().sandbox(), options.ses().maxSendRate()), options.ses().sandbox(),
                names.region(), iam, names.account(), options.faults());
        started.push(ses);
        endpoints.put("SES v2", ses.endpoint());
        StepFunctionsServer sfn = new StepFunctionsServer(engine, sfnPort, iam::deny);
        started.push(sfn);
        endpoints.put("Step Functions", sfn.endpoint());
        LambdaInvokeServer lambda = new LambdaInvokeServer(functions, lambdaPort, iam::deny);
        started.push(lambda);
        endpoints.put("Lambda (Invoke)", lambda.endpoint());
        HttpApiGateway gateway = new HttpApiGateway(template, functions, clock, adminToken, apiPort, options.basePath());
        started.push(gateway);
        endpoints.put("HTTP API", gateway.endpoint());
        endpoints.put("Console", console.endpoint());
        timings.put("servers", (System.nanoTime() - serversStart) / 1e9);

        engine.resumeRecovered();
        engine.recovered().thenAccept(figures -> {
            if (figures.running() > 0) {
                progress.printf("resumed the %d executions the journal held as running in %.1f s%n", figures.running(), figures.resumeSeconds());
            }
        });
        var schedules = new awards.local.schedule.LocalSchedules(awards.local.schedule.LocalSchedules.fromTemplate(template, values),
                functions, clock, names, System.err::println);
        started.push(schedules.start());
        if (options.demo()) {
            new Demo(options.root(), gateway.endpoint(), adminToken, clock).seed(progress);
        }
    }

    /** The admin token: given, or kept in the data folder (made the first time); it is printed nowhere, only its file is named. */
    /**
     * The outbox stands in for what was sent; it follows the privacy functions as the table does:
     * an erasure removes the messages to or from that address, a retention run those about the
     * cycle's nominations (in AWS, SES keeps no message to remove: docs/privacy.md).
     */
    private void followPrivacy(awards.nomination.NominationStore nominations) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        functions.onInvoked((function, payload, answer) -> {
            try {
                if (function.equals("PrivacyAdminFunction")) {
                    var event = json.readTree(payload);
                    if (event.path("routeKey").asText().equals("POST /admin/people/erasure") && json.readTree(answer).path("statusCode").asInt() == 200) {
                        String email = json.readTree(event.path("body").asText()).path("email").asText().toLowerCase(java.util.Locale.ROOT);
                        outbox.remove(m -> m.from().toLowerCase(java.util.Locale.ROOT).contains(email)
                                || java.util.stream.Stream.concat(m.to().stream(), m.cc().stream()).anyMatch(a -> a.equalsIgnoreCase(email)));
                    }
                } else if (function.equals("RetentionFunction")) {
                    for (var c : json.readTree(answer).path("cycles")) {
                        String cycleId = c.path("cycleId").asText();
                        java.util.Set<String> about = new java.util.HashSet<>(java.util.List.of(cycleId));
                        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> start = Map.of();
                        do {
                            var page = nominations.list(cycleId, null, null, 500, start);
                            page.items().forEach(n -> about.add(n.id()));
                            start = page.next();
                        } while (!start.isEmpty());
                        outbox.remove(m -> m.tags() != null && about.stream().anyMatch(a -> m.tags().contains("about=" + a)));
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** The configured port, or a free one none of {@code taken} is; either is taken from then on. */
    private static int choose(int configured, java.util.Set<Integer> taken) {
        int port = configured;
        for (int tries = 0; port == 0 || (configured == 0 && taken.contains(port)); tries++) {
            if (tries > 50) {
                throw new IllegalStateException("no free port apart from " + taken);
            }
            port = LoopbackServer.freePort();
        }
        taken.add(port);
        return port;
    }

    private static LocalDynamoDb awaitDynamo(CompletableFuture<LocalDynamoDb> starting) {
        try {
            return starting.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** How long the slow parts of this start took (seconds), for the ready line. */
    public String startTimes() {
        StringBuilder b = new StringBuilder();
        timings.forEach((what, seconds) -> b.append(b.isEmpty() ? "" : ", ").append(what).append(String.format(" %.1f s", seconds)));
        if (dataDir != null && engine != null) {
            b.append("; ").append(engine.startFigures());
        }
        return b.toString();
    }

    private String loadAdminToken() throws IOException {
        if (options.adminToken() != null) {
            return options.adminToken();
        }
        Path file = tokenFile();
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, token);
        return token;
    }

    /**
     * The region of every ARN: --region, else the one the data folder began in, else the
     * environment's (AWS_REGION, AWS_DEFAULT_REGION, as the AWS CLI reads it), else us-east-1. A data
     * folder keeps its region (its executions' ARNs hold it): another given with --region is refused.
     */
    private String region() throws IOException {
        Path file = dataDir == null ? null : dataDir.resolve("region");
        String kept = file != null && Files.exists(file) ? Files.readString(file).trim() : null;
        if (kept == null && file != null && Files.exists(dataDir.resolve("stepfunctions"))) {
            // A folder from before regions were kept: its ARNs are in the region every run used then.
            kept = LocalNames.DEFAULT.region();
        }
        if (options.region() != null && kept != null && !kept.equals(options.region())) {
            throw new IllegalArgumentException("the data folder " + dataDir + " began in region " + kept
                    + ": start it with --region " + kept + ", or give another --data folder");
        }
        String region = options.region() != null ? options.region() : kept;
        if (region == null) {
            for (String variable : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
                String v = System.getenv(variable);
                if (v != null && !v.isBlank()) {
                    region = RuntimeOptions.region(v.strip(), "the environment variable " + variable);
                    break;
                }
            }
        }
        region = region == null ? LocalNames.DEFAULT.region() : region;
        if (file != null && kept == null) {
            Files.writeString(file, region);
        }
        return region;
    }

    /** The region and account of this run's ARNs. */
    public LocalNames names() {
        return names;
    }

    private Path tokenFile() {
        return (dataDir == null ? scratchDir : dataDir).resolve("admin-token");
    }

    private static void checkPortFree(int port, String option) {
        if (port == 0) {
            return;
        }
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
        } catch (BindException e) {
            throw new IllegalArgumentException("port " + port + " is in use; choose another with " + option);
        } catch (IOException e) {
            throw new IllegalArgumentException("port " + port + " cannot be used (" + e.getMessage() + "); choose another with " + option);
        }
    }


    public Map<String, String> endpoints() {
        return Map.copyOf(endpoints);
    }

    public String endpoint(String name) {
        return endpoints.get(name);
    }

    public String adminToken() {
        return adminToken;
    }

    /** The console's one-time sign-in link of this start (printed in the banner). */
    public String consoleSignInLink() {
        return console.signInLink();
    }

    public VirtualClock clock() {
        return clock;
    }

    public Engine engine() {
        return engine;
    }

    /** IAM of the template's functions and state machine: their policies, and every denial so far. */
    public awards.local.iam.LocalIam iam() {
        return iam;
    }

    public LocalFunctions functions() {
        return functions;
    }

    public Outbox outbox() {
        return outbox;
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    public String tableName() {
        return tableName;
    }

    /** What the runtime prints when it is ready: where everything is, and what to try. */
    public String banner() {
        String api = endpoints.get("HTTP API");
        String console = endpoints.get("Console");
        StringBuilder b = new StringBuilder();
        b.append("\nAwards nominations workflow is running locally")
                .append(dataDir == null ? " (in memory: nothing is kept)" : " (data in " + dataDir + ")").append('\n');
        endpoints.forEach((name, url) -> b.append(String.format("  %-16s %s%n", name, url)));
        b.append(String.format("  %-16s %s%n", "Outbox folder", outboxDir));
        // The token itself is printed nowhere (a terminal is often logged): its file is named, and the commands read it.
        String token = options.adminToken() != null ? "the one given with --admin-token" : "in " + tokenFile();
        b.append(String.format("  %-16s %s   (Authorization: Bearer <token> on /admin routes)%n", "Admin token", token));
        b.append(String.format("  %-16s %s%n", "Clock", clock.now()));
        b.append(String.format("  %-16s %s   (state machine %s)%n", "Region", names.region(), stateMachineArn));
        b.append("\nTry:\n");
        // Scripts call the console with the admin token, and its own Origin for a change.
        String auth = options.adminToken() != null ? " -H 'Authorization: Bearer <token>'"
                : " -H \"Authorization: Bearer $(cat '" + tokenFile() + "')\"";
        if (noCycleYet) {
            // Without a cycle the sample has nowhere to go: create the demo cycle first (--demo does it at start).
            b.append("  (there is no awards cycle yet: create the demo one, then move the clock to its opening)\n");
            b.append("  curl -s -X PUT").append(auth).append(" -H 'content-type: application/json' ").append(api).append("/admin/cycles/")
                    .append(Demo.CYCLE_ID).append(" --data-binary @'")
                    .append(options.root().toAbsolutePath().normalize().resolve("events/cycle/demo-cycle.json")).append("'\n");
            b.append("  curl -s -X POST").append(auth).append(" -H 'Origin: ").append(console).append("' ").append(console)
                    .append("/api/clock -d '{\"toNextMilestone\":true}'\n");
        }
        b.append("  curl -s").append(auth).append(' ').append(console).append("/api/samples/nomination | curl -s -X POST ").append(api)
                .append("/nominations -H 'content-type: application/json' --data-binary @-\n");
        b.append("  curl -s -X POST").append(auth).append(" -H 'Origin: ").append(console).append("' ").append(console)
                .append("/api/clock -d '{\"toNextMilestone\":true}'\n");
        b.append("  open ").append(api).append("/\n")
                .append("       (the entrants' pages: the awards, the nomination form, a nomination's status)\n");
        b.append("  open ").append(this.console.signInLink()).append("\n")
                .append("       (the console: executions, outbox, clock; the link signs you in once)\n");
        b.append(dataDir == null ? "Ctrl-C stops it; nothing is kept.\n" : "Ctrl-C stops it; everything is kept for the next start.\n");
        return b.toString();
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("stopping: " + e.getMessage());
            }
        }
    }

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(RuntimeOptions.USAGE);
            return;
        }
        // DynamoDB Local logs through log4j; keep its start-up chatter out of the user's way.
        System.setProperty("log4j2.level", System.getProperty("log4j2.level", "WARN"));
        long t0 = System.nanoTime();
        LocalRuntime runtime;
        try {
            runtime = start(RuntimeOptions.parse(args), System.out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("awards-local: " + e.getMessage());
            System.exit(2);
            return;
        }
        // Ctrl-C (SIGINT) and SIGTERM are how a user stops it: a clean stop, exit status 0, one line.
        // Any other end of the JVM still closes everything through the shutdown hook.
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
                runtime.close();
                System.out.println(runtime.stoppedLine());
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop));
        for (String signal : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> {
                    stop.run();
                    System.exit(0);
                });
            } catch (IllegalArgumentException e) {
                // a signal this platform does not have, or the JVM keeps for itself: the shutdown hook still stops
            }
        }
        // "ready" once a stop is clean: a Ctrl-C the moment it shows must not kill the JVM with status 130.
        System.out.print(runtime.banner());
        System.out.printf("ready in %.1f s (%s)%n", (System.nanoTime() - t0) / 1e9, runtime.startTimes());
        try {
            new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The line a stop prints: what was kept. */
    String stoppedLine() {
        return dataDir == null ? "stopped; nothing was kept (in memory)" : "stopped; everything is kept in " + dataDir + " for the next start";
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
