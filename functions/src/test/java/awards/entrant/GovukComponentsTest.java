package awards.entrant;

import static org.assertj.core.api.Assertions.assertThat;

import awards.pages.Assets;
import awards.pages.Page;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The partials under {@code /pages/govuk/} give the markup GOV.UK Frontend's own macros give: each
 * is rendered with the options of the package's published fixtures and compared with the HTML the
 * package says those options make (elements, attributes and text; not white space or the order of
 * attributes and classes).
 */
class GovukComponentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            input | default
            input | with hint text
            input | with error message
            input | with error and hint
            input | value
            input | with autocomplete attribute
            input | with width-10 class
            textarea | default
            textarea | with hint
            textarea | with error message
            character-count | with word count
            radios | default
            radios | with hint
            radios | with hint and error message
            radios | with fieldset and error message
            error-summary | default
            summary-list | single action with anchor
            button | default
            button | start
            button | secondary
            button | warning
            button | link
            button | start link
            button | prevent double click
            panel | default
            notification-banner | with type as success
            warning-text | default
            tag | default
            """)
    void partialMatchesTheFixture(String component, String fixture) throws Exception {
        JsonNode f = fixture(component, fixture);
        JsonNode o = f.path("options");
        String partial = switch (component) {
            case "character-count" -> "character-count";
            case "notification-banner" -> "notification-banner";
            default -> component;
        };
        Object values = switch (component) {
            case "input" -> Components.input(o.path("id").asText(o.path("name").asText()), o.path("name").asText(), o.path("label").path("text").asText(),
                    text(o, "hint"), text(o, "errorMessage"), o.path("value").asText(null), o.path("type").asText("text"),
                    o.path("autocomplete").asText(null), o.path("classes").asText(null));
            case "textarea" -> Components.textarea(o.path("id").asText(o.path("name").asText()), o.path("name").asText(), o.path("label").path("text").asText(),
                    text(o, "hint"), text(o, "errorMessage"), o.path("value").asText(null), o.path("rows").asInt(5));
            case "character-count" -> Components.wordCount(o.path("id").asText(), o.path("name").asText(), o.path("label").path("text").asText(),
                    text(o, "hint"), text(o, "errorMessage"), o.path("value").asText(null), o.path("rows").asInt(5), o.path("maxwords").asInt());
            case "radios" -> {
                List<Components.Option> options = new ArrayList<>();
                String[] chosen = {o.path("value").asText(null)};
                o.path("items").forEach(i -> {
                    options.add(new Components.Option(i.path("value").asText(), i.path("text").asText(), text(i, "hint")));
                    if (i.path("checked").asBoolean()) {
                        chosen[0] = i.path("value").asText();
                    }
                });
                yield Components.radios(o.path("idPrefix").asText(o.path("name").asText()), o.path("name").asText(),
                        o.path("fieldset").path("legend").path("text").asText(), o.path("fieldset").path("legend").path("classes").asText(null),
                        text(o, "hint"), text(o, "errorMessage"), options, chosen[0]);
            }
            case "error-summary" -> {
                List<Map<String, Object>> list = new ArrayList<>();
                o.path("errorList").forEach(e -> list.add(Map.of("href", e.path("href").asText().substring(1), "text", e.path("text").asText())));
                yield Map.of("errorList", list);
            }
            case "summary-list" -> {
                List<Map<String, Object>> rows = new ArrayList<>();
                o.path("rows").forEach(r -> {
                    Map<String, Object> row = Components.row(r.path("key").path("text").asText(), r.path("value").path("text").asText(), false);
                    row.put("valueClasses", "");
                    JsonNode action = r.path("actions").path("items").path(0);
                    if (!action.isMissingNode()) {
                        row.put("hasAction", true);
                        row.put("href", action.path("href").asText());
                        row.put("actionText", action.path("text").asText());
                        row.put("actionHidden", action.path("visuallyHiddenText").asText());
                    }
                    rows.add(row);
                });
                yield Components.summaryList(rows);
            }
            case "button" -> {
                Map<String, Object> b = o.has("href")
                        ? Components.linkButton(o.path("text").asText(), o.path("href").asText(), o.path("classes").asText(null), o.path("isStartButton").asBoolean())
                        : Components.button(o.path("text").asText(), o.path("classes").asText(null));
                b.put("name", o.path("name").asText(""));
                b.put("start", o.path("isStartButton").asBoolean());
                b.put("preventDoubleClick", o.path("preventDoubleClick").asBoolean());
                yield b;
            }
            case "panel" -> Components.panel(o.path("titleHtml").asText(o.path("titleText").asText()), o.path("text").asText());
            case "notification-banner" -> Map.of("text", o.path("text").asText());
            case "warning-text", "tag" -> Components.text(o.path("text").asText());
            default -> throw new IllegalArgumentException(component);
        };
        String ours = Page.fragment("govuk/" + partial, values);
        assertThat(canonical(ours)).as(ours).isEqualTo(canonical(f.path("html").asText()));
    }

    private static String text(JsonNode options, String name) {
        JsonNode t = options.path(name).path("text");
        return t.isMissingNode() ? null : t.asText();
    }

    private static JsonNode fixture(String component, String name) throws Exception {
        String path = "/META-INF/resources/webjars/govuk-frontend/" + Assets.VERSION + "/dist/govuk/components/" + component + "/fixtures.json";
        try (InputStream in = GovukComponentsTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            for (JsonNode f : JSON.readTree(in).path("fixtures")) {
                if (f.path("name").asText().equals(name)) {
                    return f;
                }
            }
        }
        throw new AssertionError("GOV.UK Frontend " + Assets.VERSION + " has no fixture '" + name + "' for " + component);
    }

    /** Elements with sorted attributes and classes, and text with its white space collapsed, one per line. */
    static String canonical(String html) {
        StringBuilder out = new StringBuilder();
        for (Node n : Jsoup.parseBodyFragment(html).body().childNodes()) {
            write(n, 0, out);
        }
        return out.toString();
    }

    private static void write(Node node, int depth, StringBuilder out) {
        if (node instanceof TextNode t) {
            String text = t.getWholeText().replaceAll("\\s+", " ").strip();
            if (!text.isEmpty()) {
                out.append("  ".repeat(depth)).append('"').append(text).append("\"\n");
            }
            return;
        }
        if (!(node instanceof Element e)) {
            return;
        }
        List<String> attributes = new ArrayList<>();
        for (Attribute a : e.attributes()) {
            String value = a.getKey().equals("class")
                    ? Arrays.stream(a.getValue().split("\\s+")).filter(c -> !c.isEmpty()).sorted().collect(Collectors.joining(" "))
                    : a.getValue().replaceAll("\\s+", " ").strip();
            attributes.add(a.getKey() + "=" + value);
        }
        attributes.sort(null);
        out.append("  ".repeat(depth)).append('<').append(e.tagName()).append(' ').append(String.join(" ", attributes)).append(">\n");
        for (Node child : e.childNodes()) {
            write(child, depth + 1, out);
        }
    }
}
