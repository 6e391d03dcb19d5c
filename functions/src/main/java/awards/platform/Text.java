package awards.platform;

import awards.platform.Problem.FieldError;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The rules for text fields of a request. Lengths count Unicode code points, not bytes or UTF-16
 * units; single-line fields refuse every control character (CR and LF among them), so a name can
 * never break an email header or a CSV row; every problem is added to the list, none thrown.
 */
public final class Text {

    private Text() {}

    public static String singleLine(JsonNode parent, String field, int maxCodePoints, List<FieldError> errors) {
        return singleLine(parent, field, maxCodePoints, errors, "");
    }

    public static String singleLine(JsonNode parent, String field, int maxCodePoints, List<FieldError> errors, String prefix) {
        String value = required(parent, field, errors, prefix);
        if (value == null) {
            return null;
        }
        if (value.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029)) {
            errors.add(new FieldError(prefix + field, "must be one line: control characters (such as a line break) are not allowed"));
        } else if (value.codePoints().anyMatch(Text::isBidiControl)) {
            // They reorder what a reader sees (an address or a name shown backwards): refused, not stripped.
            errors.add(new FieldError(prefix + field, "must not contain text-direction control characters (U+202A to U+202E, U+2066 to U+2069)"));
        } else if (value.codePoints().allMatch(Text::isInvisible)) {
            errors.add(new FieldError(prefix + field, "is required: it has only spaces or invisible characters"));
        }
        checkLength(value, maxCodePoints, prefix + field, errors);
        return value.strip();
    }

    /** The explicit embedding, override and isolate controls of the Unicode bidirectional algorithm. */
    static boolean isBidiControl(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    /** Spaces of every kind, format characters (zero-width space, joiners, BOM, ...) and the Hangul and Braille blanks. */
    static boolean isInvisible(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT
                || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x2800 || c == 0x034F;
    }

    /** Multi-line text: line breaks and tabs are fine, other control characters are not. */
    public static String multiLine(JsonNode parent, String field, int maxCodePoints, List<FieldError> errors) {
        String value = required(parent, field, errors, "");
        if (value == null) {
            return null;
        }
        if (value.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            errors.add(new FieldError(field, "contains control characters other than line breaks and tabs"));
        } else if (value.codePoints().allMatch(Text::isInvisible)) {
            errors.add(new FieldError(field, "is required: it has only spaces or invisible characters"));
        }
        checkLength(value, maxCodePoints, field, errors);
        return value.strip();
    }

    public static String email(JsonNode parent, String field, List<FieldError> errors) {
        return email(parent, field, errors, "");
    }

    /**
     * An address SES can deliver ({@link EmailAddress}); an international domain is kept in its
     * Punycode form, which is what SES needs.
     */
    public static String email(JsonNode parent, String field, List<FieldError> errors, String prefix) {
        int before = errors.size();
        String value = singleLine(parent, field, 1000, errors, prefix);
        if (value == null || errors.size() != before) {
            return value;
        }
        String ascii = EmailAddress.ascii(value);
        EmailAddress.problem(ascii).ifPresent(p -> errors.add(new FieldError(prefix + field, p)));
        return ascii;
    }

    /** Words are runs of non-space characters, whatever the script or the bytes they take. */
    public static int words(String text) {
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean space = Character.isWhitespace(cp) || Character.isSpaceChar(cp);
            if (!space && !inWord) {
                count++;
            }
            inWord = !space;
            i += Character.charCount(cp);
        }
        return count;
    }

    private static String required(JsonNode parent, String field, List<FieldError> errors, String prefix) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            errors.add(new FieldError(prefix + field, "is required"));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(prefix + field, "must be a string"));
            return null;
        }
        String value = node.asText();
        if (hasLoneSurrogate(value)) {
            errors.add(new FieldError(prefix + field, "is not valid Unicode text"));
            return null;
        }
        return value;
    }

    private static void checkLength(String value, int max, String field, List<FieldError> errors) {
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            errors.add(new FieldError(field, "is " + length + " characters long; the limit is " + max));
        }
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
