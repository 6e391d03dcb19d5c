package awards.pages;

import awards.platform.ApiRequest;
import java.net.URI;
import java.util.Optional;

/**
 * Whether a form's POST came from this site. Browsers send its {@code Origin}; under the pages'
 * {@code Referrer-Policy: no-referrer} they send {@code Origin: null} instead, and then their
 * {@code Sec-Fetch-Site} (which no page can set) must say {@code same-origin}.
 */
public final class SameOrigin {
    private final Optional<String> origin;

    /** {@code publicBaseUrl}: the site's address; without it, the API's own https address from each request. */
    public SameOrigin(Optional<String> publicBaseUrl) {
        this.origin = publicBaseUrl.map(URI::create).map(base -> base.getScheme() + "://" + base.getAuthority());
    }

    public boolean test(ApiRequest request) {
        String expected = origin.orElse("https://" + request.domainName());
        String presented = request.header("origin").orElse(null);
        if ("null".equals(presented)) {
            return "same-origin".equals(request.header("sec-fetch-site").orElse(null));
        }
        return expected.equals(presented);
    }
}
