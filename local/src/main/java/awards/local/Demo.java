package awards.local;

import awards.local.console.SampleEvents;
import localaws.VirtualClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * {@code --demo}: the demo cycle of {@code events/cycle} and the two sample nominations of
 * {@code events/api}, put in through the HTTP API as an admin and an entrant would. Idempotent: a
 * second start with {@code --demo} adds nothing.
 */
final class Demo {
    static final String CYCLE_ID = "dia-2027";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path root;
    private final String api;
    private final String adminToken;
    private final VirtualClock clock;
    private final HttpClient http = HttpClient.newHttpClient();

    Demo(Path root, String api, String adminToken, VirtualClock clock) {
        this.root = root;
        this.api = api;
        this.adminToken = adminToken;
        this.clock = clock;
    }

    void seed(PrintStream progress) throws IOException {
        try {
            JsonNode cycle = JSON.readTree(Files.readString(root.resolve("events/cycle/demo-cycle.json")));
            HttpResponse<String> existing = send(HttpRequest.newBuilder(URI.create(api + "/admin/cycles/" + CYCLE_ID))
                    .header("Authorization", "Bearer " + adminToken).GET());
            if (existing.statusCode() == 404) {
                check(send(HttpRequest.newBuilder(URI.create(api + "/admin/cycles/" + CYCLE_ID)).header("Authorization", "Bearer " + adminToken)
                        .header("content-type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(cycle.toString()))), "the demo cycle");
                progress.println("demo: created cycle " + CYCLE_ID + " (" + cycle.path("name").asText() + ")");
            }
            // Two weeks into the nomination window, so the samples can go in.
            ZoneId zone = ZoneId.of(cycle.path("timeZone").asText("Europe/London"));
            Instant open = LocalDateTime.parse(cycle.path("milestones").path("opensAt").asText()).atZone(zone).toInstant().plusSeconds(14 * 86400);
            if (clock.now().isBefore(open)) {
                clock.advanceTo(open);
                progress.println("demo: clock moved to " + open + ", inside the nomination window");
            }
            for (String sample : new String[] {SampleEvents.SOCIAL_MOBILITY, SampleEvents.MUTUAL_MENTORING}) {
                String body = SampleEvents.body(root, sample);
                HttpResponse<String> r = check(send(HttpRequest.newBuilder(URI.create(api + "/nominations")).header("content-type", "application/json")
                        .header("Idempotency-Key", "demo-" + sample).POST(HttpRequest.BodyPublishers.ofString(body))), sample);
                JsonNode receipt = JSON.readTree(r.body());
                // The status link holds the nominator's token: it is in the receipt email (the outbox), not on the terminal.
                progress.println("demo: nomination " + receipt.path("reference").asText() + " (its status link is in the receipt email)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> check(HttpResponse<String> r, String what) {
        if (r.statusCode() >= 300) {
            throw new IllegalStateException("demo: " + what + " was refused: " + r.statusCode() + " " + r.body());
        }
        return r;
    }
}
