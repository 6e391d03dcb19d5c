package awards.pages;

import awards.platform.ApiHandler;
import awards.platform.ApiRequest;
import awards.platform.ApiResponse;
import java.util.Map;

/**
 * {@code GET /assets/{file}}: the pages' stylesheets and scripts. Each name holds a version or a
 * hash of the content, so each answer may be cached for a year and never asked again; compressed
 * when the browser takes gzip (API Gateway HTTP APIs do not compress).
 */
public final class AssetsHandler extends ApiHandler {
    static final String CACHE_FOR_A_YEAR = "public, max-age=31536000, immutable";

    public AssetsHandler() {
        // Read and compress the files now: with SnapStart, in the snapshot, not in the first request.
        Assets.hrefs();
    }

    /** The function reads no environment: the files are in its jar. */
    public AssetsHandler(Map<String, String> environment) {}

    @Override
    protected ApiResponse handle(ApiRequest request) {
        return Assets.find(request.pathParam("file"))
                .map(asset -> Negotiation.acceptsGzip(request)
                        ? ApiResponse.bytes(200, Map.of("content-type", asset.contentType(), "cache-control", CACHE_FOR_A_YEAR,
                                "content-encoding", "gzip", "vary", "accept-encoding"), asset.gzipped())
                        : ApiResponse.bytes(200, Map.of("content-type", asset.contentType(), "cache-control", CACHE_FOR_A_YEAR,
                                "vary", "accept-encoding"), asset.bytes()))
                .orElseGet(() -> ApiResponse.text(404, "text/plain; charset=utf-8", "No such file."));
    }
}
