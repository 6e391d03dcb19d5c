package awards.pages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

/**
 * The pages' stylesheets and scripts, served by this system under {@code /assets/} with names
 * that change when their content does, so a browser may keep each for a year. GOV.UK Frontend's
 * compiled files come from its published package on the class path; the service's own small
 * stylesheet and script sit beside the page templates.
 *
 * <p>GOV.UK Frontend's stylesheet sets the GDS Transport font, which only services on GOV.UK may
 * use: it is served with that font's {@code @font-face} rules taken out and the font left off each
 * font stack, so pages use the stack's next font (Arial, then the system's sans-serif), as the
 * Design System asks of services elsewhere, and no font file is ever requested.
 */
public final class Assets {
    /** A file to serve: its type, its bytes, and the same gzip-compressed. */
    public record Asset(String contentType, byte[] bytes, byte[] gzipped) {}

    public static final String VERSION = govukFrontendVersion();
    private static final String DIST = "/META-INF/resources/webjars/govuk-frontend/" + VERSION + "/dist/govuk/";
    private static final String GOVUK_JS = "govuk-frontend-" + VERSION + ".min.js";
    private static final Map<String, Asset> BY_NAME;
    private static final Map<String, String> HREFS;

    static {
        String css = withoutGovukFont(text(read(DIST + "govuk-frontend.min.css")));
        byte[] appCss = read("/pages/app.css");
        byte[] appJs = text(read("/pages/app.js")).replace("{{govukFrontend}}", GOVUK_JS).getBytes(StandardCharsets.UTF_8);
        String govukCss = "govuk-frontend-" + VERSION + "-" + hash(css.getBytes(StandardCharsets.UTF_8)) + ".min.css";
        String appCssName = "app-" + hash(appCss) + ".css";
        String appJsName = "app-" + hash(appJs) + ".js";
        BY_NAME = Map.of(
                govukCss, asset("text/css; charset=utf-8", css.getBytes(StandardCharsets.UTF_8)),
                GOVUK_JS, asset("text/javascript; charset=utf-8", read(DIST + "govuk-frontend.min.js")),
                appCssName, asset("text/css; charset=utf-8", appCss),
                appJsName, asset("text/javascript; charset=utf-8", appJs));
        HREFS = Map.of("govukCss", "/assets/" + govukCss, "appCss", "/assets/" + appCssName, "appJs", "/assets/" + appJsName);
    }

    private Assets() {}

    /** The file of that name, if it is one of the assets. */
    public static Optional<Asset> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The addresses the page layout links to: {@code govukCss}, {@code appCss}, {@code appJs}. */
    public static Map<String, String> hrefs() {
        return HREFS;
    }

    /** GOV.UK Frontend's stylesheet without the GDS Transport font (see the class comment). */
    static String withoutGovukFont(String css) {
        String out = css.replaceAll("@font-face\\{font-family:\"?GDS Transport\"?;[^}]*}", "")
                .replace("font-family:\"GDS Transport\",", "font-family:")
                .replace("font-family:GDS Transport,", "font-family:");
        if (out.contains("GDS Transport")) {
            throw new IllegalStateException("GOV.UK Frontend " + VERSION + " names GDS Transport in a way this class does not take out");
        }
        return out;
    }

    private static String govukFrontendVersion() {
        Properties p = new Properties();
        try (InputStream in = Assets.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/govuk-frontend/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("GOV.UK Frontend's package (org.webjars.npm:govuk-frontend) is not on the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static Asset asset(String type, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Asset(type, bytes, out.toByteArray());
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] read(String resource) {
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
