package awards.admin;

import java.util.List;

/** RFC 4180 rows, with cells that a spreadsheet would run as a formula defused. */
public final class Csv {
    private Csv() {}

    public static String row(List<String> cells) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        return out.append("\r\n").toString();
    }

    public static String cell(String value) {
        String v = value == null ? "" : value;
        if (startsAFormula(v)) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || v.startsWith("'")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    /**
     * Whether a spreadsheet would read the cell as a formula: its first character that is not a
     * space or invisible (spreadsheets skip leading spaces, no-break spaces and zero-width
     * characters) is, once normalised as a spreadsheet normalises it (full-width {@code ＝} is
     * {@code =}), one of {@code = + - @}, or the cell starts with a tab or a carriage return.
     */
    static boolean startsAFormula(String v) {
        if (v.isEmpty()) {
            return false;
        }
        if (v.charAt(0) == '\t' || v.charAt(0) == '\r') {
            return true;
        }
        int i = 0;
        while (i < v.length()) {
            int c = v.codePointAt(i);
            if (!(Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT)) {
                String first = java.text.Normalizer.normalize(new String(Character.toChars(c)), java.text.Normalizer.Form.NFKC);
                return !first.isEmpty() && "=+-@".indexOf(first.charAt(0)) >= 0;
            }
            i += Character.charCount(c);
        }
        return false;
    }
}
