package awards.local.launch;

import awards.local.LocalRuntime;
import awards.local.RuntimeOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * The training run behind {@code ./awards-local}'s AOT cache: a throwaway runtime (in memory, every
 * port free, the demo cycle and its two nominations) that loads what a start loads, and what its first
 * requests load, then stops. The JVM writes the cache when it exits ({@code -XX:AOTCacheOutput}).
 */
public final class Training {
    private Training() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("log4j2.level", System.getProperty("log4j2.level", "WARN"));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (LocalRuntime runtime = LocalRuntime.start(RuntimeOptions.anyPorts(Path.of("."), null).withDemo(true), quiet)) {
            HttpClient http = HttpClient.newHttpClient();
            String console = runtime.endpoint("Console");
            for (String path : new String[] {"/", "/api/executions", "/api/nominations?cycleId=dia-2027", "/api/outbox", "/api/graph"}) {
                http.send(HttpRequest.newBuilder(URI.create(console + path)).header("Authorization", "Bearer " + runtime.adminToken()).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            runtime.banner();
        }
        System.out.println("trained");
        System.exit(0);
    }
}
