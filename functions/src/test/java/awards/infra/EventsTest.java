package awards.infra;

import static org.assertj.core.api.Assertions.assertThat;

import awards.Samples;
import awards.platform.ApiRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EventsTest {
    @Test
    void everyApiSample_isAPayload20EventWithATime() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Samples.ROOT.resolve("events/api"))) {
            files = s.toList();
        }
        assertThat(files).hasSizeGreaterThan(10);
        for (Path p : files) {
            var event = Samples.json("api/" + p.getFileName());
            assertThat(event.path("version").asText()).as(p.toString()).isEqualTo("2.0");
            ApiRequest request = ApiRequest.fromEvent(event);
            assertThat(request.now()).as(p.toString()).isNotNull();
            assertThat(event.path("routeKey").asText()).isEqualTo(request.method() + " " + event.path("routeKey").asText().split(" ")[1]);
        }
    }
}
