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
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(prefix + field, "must be one line: control characters (such as a line break) are not allowed"));
        }
        checkLength(value, maxCodePoints, prefix + field, errors);
        return value.strip();
    }

    /** Multi-line text: line breaks and tabs are fine, other control characters are not. */
    public static String multiLine(JsonNode parent, String field, int maxCodePoints, List<FieldError> errors) {
        String value = required(parent, field, errors, "");
        if (value == null) {
            return null;
        }
        if (value.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            errors.add(new FieldError(field, "contains control characters other than line breaks and tabs"));
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
