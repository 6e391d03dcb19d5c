package awards.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's run command as a user meets it: {@code ./awards-local --in-memory}, stopped with
 * Ctrl-C (SIGINT to its process group, as a terminal sends it) or SIGTERM, ends with exit status 0,
 * one line saying what was kept, no Maven error, no secret printed, and no temporary folder left.
 */
class RunCommandIT {
    private static final Pattern OUTBOX = Pattern.compile("Outbox folder\\s+(\\S+)");

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void aStopBySignal_isClean_andLeavesNothingBehind(String signal) throws Exception {
        assumeThat(signal.equals("INT") && sigintIgnored())
                .as("this test JVM was started with SIGINT ignored (a background job of a shell), and its children inherit that")
                .isFalse();
        RuntimeRestartIT.Ports ports = RuntimeRestartIT.Ports.free();
        List<String> command = List.of("setsid", Path.of("..", "awards-local").toAbsolutePath().normalize().toString(), "--in-memory",
                "--api-port", "" + ports.api(), "--lambda-port", "" + ports.lambda(), "--dynamodb-port", "" + ports.dynamo(),
                "--sfn-port", "" + ports.sfn(), "--ses-port", "" + ports.ses(), "--console-port", "" + ports.console());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWARDS_LOCAL_NO_BUILD", "1");
        Process run = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null && !line.startsWith("ready in"); line = out.readLine()) {
            seen.append(line).append('\n');
        }
        assertThat(run.isAlive()).as(seen.toString()).isTrue();
        Matcher outbox = OUTBOX.matcher(seen);
        assertThat(outbox.find()).as(seen.toString()).isTrue();
        Path scratch = Path.of(outbox.group(1)).getParent();
        assertThat(scratch).exists();
        String adminToken = Files.readString(scratch.resolve("admin-token")).trim();

        CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> out.lines().reduce("", (a, b) -> a + b + "\n"));
        // setsid made the run command a process group of its own: signal it as a terminal's Ctrl-C does.
        new ProcessBuilder("kill", "-" + signal, "--", "-" + run.pid()).inheritIO().start().waitFor();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
        String tail = rest.get(10, TimeUnit.SECONDS);
        String all = seen + tail;

        assertThat(run.exitValue()).as(all).isZero();
        assertThat(tail).contains("stopped; nothing was kept (in memory)");
        assertThat(all).doesNotContain("[ERROR]").doesNotContain("Exception").doesNotContain(adminToken);
        assertThat(scratch).as("the run's temporary folder (outbox, admin token)").doesNotExist();
    }

    /** Whether SIGINT is ignored in this process (Linux: bit 2 of SigIgn in /proc/self/status). */
    private static boolean sigintIgnored() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }
}
