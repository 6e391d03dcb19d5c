package awards.local.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes what {@code ./awards-local} needs to start the runtime without Maven: the JDK the build
 * chose ({@code java}), the JVM's arguments ({@code args}, a Java argument file) and, on a JDK with
 * ahead-of-time class loading (25 and later, JEP 483/514), the training run's arguments
 * ({@code train}) that make the cache a start then loads instead of opening and linking thousands
 * of classes again.
 *
 * <p>The build runs this with the JDK its toolchain chose, so {@code java.home} is that JDK. An AOT
 * cache takes classes from jar files only, and refuses a class path with a non-empty folder on it:
 * the module's classes are taken from its jar, and a jar whose manifest puts more on the class path
 * (DynamoDB Local's names {@code .}, its own folder) is used through a copy without that line.
 */
public final class LaunchFiles {
    static final String MAIN = "awards.local.LocalRuntime";
    static final String TRAINING_MAIN = "awards.local.launch.Training";
    static final String CACHE = "awards-local.aot";

    private LaunchFiles() {
    }

    /** args: the launch folder, the module's jar, its classes folder, the native library folder, the runtime class path. */
    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: LaunchFiles LAUNCH_DIR MODULE_JAR CLASSES_DIR NATIVE_DIR CLASSPATH");
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        write(dir, Path.of(args[1]).toAbsolutePath(), Path.of(args[2]).toAbsolutePath(), Path.of(args[3]).toAbsolutePath(), args[4],
                Path.of(System.getProperty("java.home")), Runtime.version().feature());
    }

    static void write(Path dir, Path moduleJar, Path classes, Path nativeDir, String classpath, Path javaHome, int feature)
            throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        // A cache made for other jars is refused by the JVM anyway; a build removes it so the next start trains again.
        Files.deleteIfExists(dir.resolve(CACHE));
        List<String> entries = new ArrayList<>();
        boolean onlyJars = true;
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path p = Path.of(entry).toAbsolutePath().normalize();
            if (p.equals(classes.normalize())) {
                entries.add(moduleJar.toString());
            } else if (Files.isDirectory(p)) {
                entries.add(p.toString());
                onlyJars = false;
            } else if (p.toString().endsWith(".jar")) {
                entries.add(withoutManifestClassPath(p, dir.resolve("lib")).toString());
            }
            // Native libraries Maven lists as dependencies (sqlite4java's) are loaded from the library path, not the class path.
        }
        String cp = String.join(java.io.File.pathSeparator, entries);
        // The client compiler only (C1, no profiling tiers, no C2): on a 2-core machine a restart is ready
        // in ~1.6 s instead of ~2.3 s (C2 and the profiled tier compete with DynamoDB Local's start),
        // and a whole 300-nomination cycle on disk took 77.6 s against 80.6 s: the runtime's work is
        // DynamoDB Local's SQLite and waiting, not hot Java loops (issue 10's note has the figures).
        List<String> jvm = List.of("--enable-native-access=ALL-UNNAMED", "-Dsqlite4java.library.path=" + nativeDir,
                "-XX:TieredStopAtLevel=1");
        boolean aot = feature >= 25 && onlyJars;
        List<String> run = new ArrayList<>(jvm);
        if (aot) {
            // A missing or outdated cache is not an error: the start is then as slow as without one, and says nothing.
            run.addAll(List.of("-XX:AOTCache=" + dir.resolve(CACHE), "-Xlog:aot*=off", "-Xlog:cds*=off"));
        }
        run.addAll(List.of("-cp", cp, MAIN));
        Files.writeString(dir.resolve("args"), argFile(run));
        Files.writeString(dir.resolve("java"), javaHome.resolve("bin").resolve("java").toString());
        Path train = dir.resolve("train");
        if (aot) {
            List<String> training = new ArrayList<>(jvm);
            training.addAll(List.of("-XX:AOTCacheOutput=" + dir.resolve(CACHE), "-cp", cp, TRAINING_MAIN));
            Files.writeString(train, argFile(training));
        } else {
            Files.deleteIfExists(train);
        }
    }

    /** One argument a line, quoted as a Java argument file reads it (a backslash escapes inside quotes). */
    static String argFile(List<String> args) {
        StringBuilder b = new StringBuilder();
        for (String a : args) {
            b.append('"').append(a.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
        }
        return b.toString();
    }

    /** The jar itself, or a copy in {@code lib} without the manifest's Class-Path (kept until the jar changes). */
    static Path withoutManifestClassPath(Path jar, Path lib) throws IOException {
        Manifest manifest;
        try (JarFile in = new JarFile(jar.toFile(), false)) {
            manifest = in.getManifest();
            if (manifest == null || manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH) == null) {
                return jar;
            }
            Path copy = lib.resolve(jar.getFileName());
            if (Files.exists(copy) && Files.getLastModifiedTime(copy).compareTo(Files.getLastModifiedTime(jar)) >= 0) {
                return copy;
            }
            manifest.getMainAttributes().remove(Attributes.Name.CLASS_PATH);
            Path tmp = Files.createTempFile(lib, "jar", ".tmp");
            try (OutputStream os = Files.newOutputStream(tmp); JarOutputStream out = new JarOutputStream(os, manifest)) {
                Enumeration<JarEntry> all = in.entries();
                while (all.hasMoreElements()) {
                    JarEntry e = all.nextElement();
                    if (e.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(e.getName()));
                    try (InputStream is = in.getInputStream(e)) {
                        is.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return copy;
        }
    }
}
