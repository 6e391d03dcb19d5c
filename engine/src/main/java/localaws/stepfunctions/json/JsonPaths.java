package localaws.stepfunctions.json;

import localaws.stepfunctions.errors.StatesError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A compiled JSONPath of a definition. Paths of plain names ({@code $.a.b}) are walked directly,
 * the rest go to Jayway json-path, which gives AWS's behaviour for indefinite paths (a wildcard,
 * filter or slice that matches nothing is {@code []}). {@code $$} paths read the context object,
 * {@code $name} paths a workflow variable ({@code $order.items[0]}: the rest of the path is read in
 * the variable's value).
 */
public final class JsonPaths {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Configuration JAYWAY = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(MAPPER))
            .mappingProvider(new JacksonMappingProvider(MAPPER))
            .build();
    private static final Pattern SIMPLE = Pattern.compile("\\$(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    private final String text;
    private final boolean context;
    /** The variable this path reads ({@code $name...}), or null for the input or the context object. */
    private final String variable;
    private final String[] names; // non-null for simple paths
    private final JsonPath compiled; // non-null otherwise

    private JsonPaths(String text) {
        this.text = text;
        this.context = text.startsWith("$$");
        int nameEnd = variableNameEnd(text);
        this.variable = nameEnd > 1 ? text.substring(1, nameEnd) : null;
        String own = context ? text.substring(1) : variable != null ? "$" + text.substring(nameEnd) : text;
        if (SIMPLE.matcher(own).matches()) {
            this.names = own.length() == 1 ? new String[0] : own.substring(2).split("\\.");
            this.compiled = null;
        } else {
            this.names = null;
            this.compiled = JsonPath.compile(own);
        }
    }

    /** Compiles a path, throwing {@link IllegalArgumentException} with the reason if it is not one. */
    public static JsonPaths compile(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("'" + text + "' is not a JSONPath: it must start with $");
        }
        try {
            return new JsonPaths(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid JSONPath: " + e.getMessage());
        }
    }

    public String text() {
        return text;
    }

    /**
     * Where the name of a variable ends in a path that reads one ({@code $name}, then {@code .} or
     * {@code [} or the end), or 1 if the path does not start with a name: a variable's name starts
     * with a Unicode identifier's first character (or an underscore) and goes on with identifier
     * characters, as the States Language's variable names do.
     */
    static int variableNameEnd(String text) {
        if (text.length() < 2 || !isNameStart(text.codePointAt(1))) {
            return 1;
        }
        int i = 1 + Character.charCount(text.codePointAt(1));
        while (i < text.length() && isNamePart(text.codePointAt(i))) {
            i += Character.charCount(text.codePointAt(i));
        }
        return i;
    }

    /** A variable name's first character: a Unicode identifier start (Unicode Annex #31's ID_Start), or {@code _}. */
    public static boolean isNameStart(int cp) {
        return Character.isUnicodeIdentifierStart(cp) || cp == '_';
    }

    /** A variable name's further characters: Unicode identifier characters (ID_Continue), with no ignorable controls. */
    public static boolean isNamePart(int cp) {
        return Character.isUnicodeIdentifierPart(cp) && !Character.isIdentifierIgnorable(cp);
    }

    /** The variable this path reads, or null if it reads the input or the context object. */
    public String variable() {
        return variable;
    }

    public boolean isContextPath() {
        return context;
    }

    /**
     * The value at this path, or {@link MissingNode} if a definite path finds nothing (a variable
     * that is not assigned included).
     */
    public JsonNode find(JsonNode input, Roots roots) {
        JsonNode root = context ? roots.context() : variable != null ? roots.variable(variable) : input;
        if (root == null) {
            return MissingNode.getInstance();
        }
        if (names != null) {
            JsonNode node = root;
            for (String name : names) {
                node = node.path(name);
                if (node.isMissingNode()) {
                    return node;
                }
            }
            return node;
        }
        try {
            Object result = JsonPath.using(JAYWAY).parse(root).read(compiled);
            if (result == null) {
                return MAPPER.nullNode();
            }
            return result instanceof JsonNode node ? node : MAPPER.valueToTree(result);
        } catch (PathNotFoundException e) {
            // An indefinite path (a wildcard, a slice, a filter) over something that is not there
            // finds no values, as AWS reads it: an empty list, never a missing path.
            return compiled.isDefinite() ? MissingNode.getInstance() : MAPPER.createArrayNode();
        }
    }

    /** The value at this path; a definite path that finds nothing is AWS's {@code States.Runtime}. */
    public JsonNode read(JsonNode input, Roots roots) {
        JsonNode value = find(input, roots);
        if (value.isMissingNode()) {
            if (variable != null && roots.variable(variable) == null) {
                throw StatesError.runtime("Invalid path '" + text + "' : the variable '" + variable + "' is not assigned in this scope");
            }
            throw StatesError.runtime("Invalid path '" + text + "' : No results for path: " + bracketed());
        }
        return value;
    }

    /** The path as Jayway prints it in AWS's messages: {@code $['a']['b']}. */
    String bracketed() {
        String prefix = context ? "$$" : variable != null ? "$" + variable : "$";
        if (compiled != null) {
            return prefix + compiled.getPath().substring(1);
        }
        List<String> parts = new ArrayList<>();
        for (String n : names) {
            parts.add("['" + n + "']");
        }
        return prefix + String.join("", parts);
    }

    @Override
    public String toString() {
        return text;
    }
}
