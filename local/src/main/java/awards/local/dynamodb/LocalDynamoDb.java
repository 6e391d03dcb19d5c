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
        nativeLibrary();
        int chosen = port == 0 ? freePort() : port;
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(chosen), "-disableTelemetry"));
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
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            server.start();
            return new LocalDynamoDb(server, chosen);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + chosen + ": " + e.getMessage(), e);
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

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e.getMessage(), e);
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
