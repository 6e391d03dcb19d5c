package awards.pages;

import static org.assertj.core.api.Assertions.assertThat;

import awards.platform.ApiRequest;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NegotiationTest {
    private static ApiRequest with(String header, String value) {
        return new ApiRequest("GET", "/", Map.of(), Map.of(), value == null ? Map.of() : Map.of(header, value), new byte[0],
                Instant.EPOCH, "localhost", Optional.empty());
    }

    @ParameterizedTest(name = "Accept: {0}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8 | true
            text/html, */*                                                                      | true
            */*                                                                                 | false
            NONE                                                                                | false
            application/json, text/html                                                         | false
            application/json;q=0.5, text/html                                                   | true
            text/html;q=0                                                                       | false
            text/html;q=oops, */*;q=0.1                                                         | false
            """)
    void html_whenRankedAboveJsonAndAnything(String accept, boolean html) {
        assertThat(Negotiation.prefersHtml(with("accept", accept))).isEqualTo(html);
    }

    @ParameterizedTest(name = "Accept-Encoding: {0}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            gzip, deflate, br | true
            GZIP              | true
            br;q=1, gzip;q=0.5 | true
            gzip;q=0          | false
            gzip; q=0.000     | false
            deflate           | false
            *                 | false
            NONE              | false
            """)
    void gzip_whenNamedWithAQualityAboveZero(String acceptEncoding, boolean gzip) {
        assertThat(Negotiation.acceptsGzip(with("accept-encoding", acceptEncoding))).isEqualTo(gzip);
    }
}
