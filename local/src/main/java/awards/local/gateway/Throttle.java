package awards.local.gateway;

import awards.local.template.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * An HTTP API's default route throttling ({@code DefaultRouteSettings}: {@code ThrottlingRateLimit}
 * requests a second, bursts of {@code ThrottlingBurstLimit}), a token bucket for each route as API
 * Gateway keeps one (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html).
 */
final class Throttle {
    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    Throttle(double ratePerSecond, int burst, LongSupplier nanoTime) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    /** One bucket per route, if the template's HTTP API sets route throttling; none otherwise. */
    static Map<Route, Throttle> fromTemplate(SamTemplate template, List<Route> routes, LongSupplier nanoTime) {
        Map<Route, Throttle> out = new HashMap<>();
        for (JsonNode api : template.resources("AWS::Serverless::HttpApi").values()) {
            JsonNode settings = api.path("Properties").path("DefaultRouteSettings");
            if (settings.has("ThrottlingRateLimit") || settings.has("ThrottlingBurstLimit")) {
                double rate = settings.path("ThrottlingRateLimit").asDouble(10_000);
                int burst = settings.path("ThrottlingBurstLimit").asInt(5_000);
                routes.forEach(r -> out.put(r, new Throttle(rate, burst, nanoTime)));
            }
        }
        return out;
    }

    synchronized boolean take() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
