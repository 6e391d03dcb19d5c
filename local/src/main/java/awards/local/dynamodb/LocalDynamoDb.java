package awards.local.dynamodb;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * AWS's own DynamoDB Local, embedded in this process and served on loopback: in memory, or persisted
 * in a folder. It needs sqlite4java's native library on {@code sqlite4java.library.path}; the build
 * copies it to {@code local/target/native}.
 */
public final class LocalDynamoDb implements AutoCloseable {
    public static final int DEFAULT_PORT = 8000;
    private final DynamoDBProxyServer server;
    private final int port;

    private LocalDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts DynamoDB Local; {@code dataDir} null keeps everything in memory; port 0 picks a free one. */
    public static LocalDynamoDb start(int port, Path dataDir) {
        return start(port, dataDir, null);
    }

    /**
     * Starts DynamoDB Local with a gate (null: none) in front of its own handler, in its own server:
     * every request passes the gate first. The gate is made here, once logging is set quiet (a
     * Jetty handler's class sets up its logging when first loaded).
     */
    public static LocalDynamoDb start(int port, Path dataDir, java.util.function.Supplier<org.eclipse.jetty.server.Handler.Wrapper> gate) {
        nativeLibrary();
        int chosen = port == 0 ? localaws.LoopbackServer.freePort() : port;
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(chosen), "-disableTelemetry", "-sharedDb"));
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new IllegalArgumentException("data folder " + dataDir + " cannot be created: " + e.getMessage(), e);
            }
            if (!Files.isWritable(dataDir)) {
                throw new IllegalArgumentException("data folder " + dataDir + " is not writable");
            }
            args.addAll(List.of("-dbPath", dataDir.toString()));
        }
        // DynamoDB Local prints its configuration on standard output; keep it unless the start fails.
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream chatter = new java.io.ByteArrayOutputStream();
        System.setProperty("slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity", "ERROR"));
        try {
            System.setOut(new java.io.PrintStream(chatter, true, java.nio.charset.StandardCharsets.UTF_8));
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            org.eclipse.jetty.server.Server jetty = jetty(server);
            loopbackOnly(jetty);
            if (gate != null) {
                org.eclipse.jetty.server.Handler.Wrapper wrapper = gate.get();
                wrapper.setHandler(jetty.getHandler());
                jetty.setHandler(wrapper);
            }
            server.start();
            return new LocalDynamoDb(server, chosen);
        } catch (Exception e) {
            out.print(chatter.toString(java.nio.charset.StandardCharsets.UTF_8));
            throw new IllegalStateException("DynamoDB Local did not start on port " + chosen + ": " + e.getMessage(), e);
        } finally {
            System.setOut(out);
        }
    }

    /** DynamoDB Local's Jetty server, which it does not expose: its address and its handler are set here. */
    private static org.eclipse.jetty.server.Server jetty(DynamoDBProxyServer proxy) {
        try {
            java.lang.reflect.Field field = DynamoDBProxyServer.class.getDeclaredField("server");
            field.setAccessible(true);
            return (org.eclipse.jetty.server.Server) field.get(proxy);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Without it the gate (IAM, the loopback checks) could not stand in front: no start at all.
            throw new IllegalStateException("DynamoDB Local's server could not be reached (" + e + ")", e);
        }
    }

    /**
     * DynamoDB Local has no option for its address and listens on every interface; its Jetty
     * connector is set to loopback here, as every other service of the local runtime is.
     */
    private static void loopbackOnly(org.eclipse.jetty.server.Server jetty) {
        for (org.eclipse.jetty.server.Connector c : jetty.getConnectors()) {
            if (c instanceof org.eclipse.jetty.server.ServerConnector sc) {
                sc.setHost("127.0.0.1");
            }
        }
    }

    private static void nativeLibrary() {
        if (System.getProperty("sqlite4java.library.path") == null) {
            for (Path candidate : List.of(Path.of("local/target/native"), Path.of("target/native"), Path.of("../local/target/native"))) {
                if (Files.isDirectory(candidate)) {
                    System.setProperty("sqlite4java.library.path", candidate.toAbsolutePath().toString());
                    return;
                }
            }
            throw new IllegalStateException("sqlite4java's native library was not found: build with mvn package, "
                    + "or set -Dsqlite4java.library.path to the folder holding libsqlite4java-linux-amd64.so");
        }
    }


    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop: " + e.getMessage(), e);
        }
    }
}
