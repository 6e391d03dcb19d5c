package localaws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine's packages form layers, each depending only on those below it: the language's error
 * names, then the intrinsic functions, then JSON paths and templates, then the States Language, then running executions, then the
 * API. A dependency upwards (a cycle in the making) fails here, naming the file.
 */
class PackageDependenciesTest {
    /** Lowest first. The root package ({@code localaws}: server base, clock, function lookup) sits just above the error names. */
    private static final List<String> LAYERS = List.of("localaws.stepfunctions.errors", "localaws", "localaws.stepfunctions.json.intrinsics", "localaws.stepfunctions.json",
            "localaws.stepfunctions.asl", "localaws.stepfunctions.engine", "localaws.stepfunctions.api", "localaws.stepfunctions");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(localaws(?:\\.[a-z]+)*)\\.[A-Z]", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package ([a-z.]+);", Pattern.MULTILINE);

    @Test
    void everyPackageDependsOnlyOnLayersBelowIt() throws IOException {
        Map<String, TreeSet<String>> upwards = new TreeMap<>();
        int files = 0;
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path file : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                String text = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(text);
                assertThat(pkg.find()).as(file.toString()).isTrue();
                int own = LAYERS.indexOf(pkg.group(1));
                assertThat(own).as("a package the layers do not name: " + pkg.group(1)).isNotNegative();
                Matcher imports = IMPORT.matcher(text);
                while (imports.find()) {
                    int used = LAYERS.indexOf(imports.group(1));
                    if (used > own) {
                        upwards.computeIfAbsent(file.toString(), k -> new TreeSet<>()).add(imports.group(1));
                    }
                }
            }
        }
        assertThat(files).isGreaterThan(30);
        assertThat(upwards).as("files that depend on a layer above their own").isEmpty();
    }
}
