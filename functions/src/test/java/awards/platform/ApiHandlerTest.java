package awards.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiHandlerTest {
    @Test
    void theLoggedRoute_namesPathParameters_andDropsTheQuery() {
        // Guards issue 9, finding 7: a failed decision logged /judging/<id>/<secret>, the link's secret in clear.
        ApiRequest request = new ApiRequest("POST", "/judging/k3y1d/s3cr3tvalue?x=1", Map.of("linkId", "k3y1d", "secret", "s3cr3tvalue"),
                Map.of(), Map.of(), new byte[0], Instant.EPOCH, "localhost", Optional.empty());
        assertThat(ApiHandler.route(request)).isEqualTo("POST /judging/{linkId}/{secret}");
        ApiRequest status = new ApiRequest("GET", "/nominations/abc", Map.of("id", "abc"), Map.of("token", "t0ken"), Map.of(), new byte[0],
                Instant.EPOCH, "localhost", Optional.empty());
        assertThat(ApiHandler.route(status)).isEqualTo("GET /nominations/{id}").doesNotContain("t0ken");
    }
}
