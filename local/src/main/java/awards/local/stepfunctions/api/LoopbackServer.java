package awards.local.stepfunctions.api;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/** An HTTP server on 127.0.0.1 only, one virtual thread per request: what every local service is built on. */
public abstract class LoopbackServer implements AutoCloseable {
    protected final HttpServer server;

    /** Binds the port (0: any free one); a subclass adds its contexts, then calls {@link #start()}. */
    protected LoopbackServer(int port, int backlog) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e.getMessage(), e);
        }
    }

    protected final void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
