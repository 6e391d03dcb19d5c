package awards.nomination;

import awards.platform.ApiRequest;

/** The private token of a status URL: its {@code token} query parameter, or a bearer token. */
public final class StatusToken {
    private StatusToken() {}

    public static String of(ApiRequest request) {
        return request.queryParam("token")
                .or(() -> request.header("authorization").filter(h -> h.startsWith("Bearer ")).map(h -> h.substring(7)))
                .orElse(null);
    }
}
