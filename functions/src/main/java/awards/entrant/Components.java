package awards.entrant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of GOV.UK Frontend's components as the partials under {@code /pages/govuk/} read
 * them. Every key a partial reads is set, even when empty: Mustache looks a missing key up in the
 * enclosing values, and a field must not show the page's or another field's.
 */
final class Components {
    private Components() {}

    static Map<String, Object> input(String id, String name, String label, String hint, String error, String value,
                                     String type, String autocomplete, String classes) {
        Map<String, Object> m = field(id, name, label, hint, error);
        m.put("value", value == null ? "" : value);
        m.put("type", type);
        m.put("autocomplete", autocomplete == null ? "" : autocomplete);
        m.put("spellcheck", type.equals("email") ? "false" : "");
        m.put("classes", classes == null ? "" : classes);
        m.put("labelClasses", "");
        m.put("describedBy", describedBy(id, hint, error, null));
        return m;
    }

    static Map<String, Object> textarea(String id, String name, String label, String hint, String error, String value, int rows) {
        Map<String, Object> m = field(id, name, label, hint, error);
        m.put("value", value == null ? "" : value);
        m.put("rows", rows);
        m.put("spellcheck", "");
        m.put("describedBy", describedBy(id, hint, error, null));
        return m;
    }

    /** A textarea with GOV.UK's word count: a line that says the limit, and (with JavaScript) counts as one types. */
    static Map<String, Object> wordCount(String id, String name, String label, String hint, String error, String value, int rows, int maxWords) {
        Map<String, Object> m = textarea(id, name, label, hint, error, value, rows);
        m.put("maxwords", maxWords);
        m.put("describedBy", describedBy(id, hint, error, id + "-info"));
        return m;
    }

    record Option(String value, String text, String hint) {}

    static Map<String, Object> radios(String idPrefix, String name, String legend, String legendClasses, String hint, String error,
                                      List<Option> options, String chosen) {
        Map<String, Object> m = new HashMap<>();
        m.put("idPrefix", idPrefix);
        m.put("name", name);
        m.put("legend", legend);
        m.put("legendClasses", legendClasses == null ? "" : legendClasses);
        m.put("hint", hint == null ? "" : hint);
        m.put("error", error == null ? "" : error);
        m.put("describedBy", describedBy(idPrefix, hint, error, null));
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            Option o = options.get(i);
            Map<String, Object> item = new HashMap<>();
            item.put("id", i == 0 ? idPrefix : idPrefix + "-" + (i + 1));
            item.put("value", o.value());
            item.put("text", o.text());
            item.put("itemHint", o.hint() == null ? "" : o.hint());
            item.put("checked", o.value().equals(chosen));
            items.add(item);
        }
        m.put("items", items);
        return m;
    }

    /** One checkbox of its own (a confirmation), with its own error. */
    static Map<String, Object> checkbox(String id, String name, String text, String error, boolean checked) {
        Map<String, Object> m = field(id, name, "", null, error);
        m.put("value", "yes");
        m.put("text", text);
        m.put("checked", checked);
        m.put("describedBy", describedBy(id, null, error, null));
        return m;
    }

    static Map<String, Object> button(String text, String classes) {
        Map<String, Object> m = new HashMap<>();
        m.put("text", text);
        m.put("classes", classes == null ? "" : classes);
        m.put("href", "");
        m.put("name", "");
        m.put("value", "");
        m.put("start", false);
        m.put("preventDoubleClick", false);
        return m;
    }

    static Map<String, Object> linkButton(String text, String href, String classes, boolean start) {
        Map<String, Object> m = button(text, classes);
        m.put("href", href);
        m.put("start", start);
        return m;
    }

    /** A summary list's row; {@code change}: the field a "Change" button in the row posts back to, or null. */
    static Map<String, Object> row(String key, String value, boolean multiline) {
        Map<String, Object> m = new HashMap<>();
        m.put("key", key);
        m.put("value", value);
        m.put("valueClasses", multiline ? "app-multiline" : "app-break");
        m.put("hasAction", false);
        m.put("href", "");
        m.put("change", "");
        m.put("formaction", "");
        m.put("actionText", "");
        m.put("actionHidden", "");
        return m;
    }

    static Map<String, Object> summaryList(List<Map<String, Object>> rows) {
        boolean any = rows.stream().anyMatch(r -> Boolean.TRUE.equals(r.get("hasAction")));
        rows.forEach(r -> r.put("anyActions", any));
        return Map.of("rows", rows);
    }

    static Map<String, Object> panel(String title, String text) {
        return Map.of("title", title, "text", text == null ? "" : text);
    }

    static Map<String, Object> text(String text) {
        return Map.of("text", text, "classes", "");
    }

    static Map<String, Object> tag(String text, String classes) {
        return Map.of("text", text, "classes", classes == null ? "" : classes);
    }

    private static Map<String, Object> field(String id, String name, String label, String hint, String error) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("label", label);
        m.put("hint", hint == null ? "" : hint);
        m.put("error", error == null ? "" : error);
        return m;
    }

    /** What GOV.UK Frontend puts in {@code aria-describedby}: the count's line, the hint, the error, in that order. */
    private static String describedBy(String id, String hint, String error, String info) {
        List<String> ids = new ArrayList<>();
        if (info != null) {
            ids.add(info);
        }
        if (hint != null && !hint.isEmpty()) {
            ids.add(id + "-hint");
        }
        if (error != null && !error.isEmpty()) {
            ids.add(id + "-error");
        }
        return String.join(" ", ids);
    }
}
