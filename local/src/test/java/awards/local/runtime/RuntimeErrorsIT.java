package awards.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import awards.local.LocalRuntime;
import awards.local.RuntimeOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's mistake gets one clear line, not a stack trace. */
class RuntimeErrorsIT {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private static RuntimeOptions options(Path root, Path data) {
        return RuntimeOptions.anyPorts(root, data);
    }

    @Test
    void aPortInUse_isNamedWithItsOption() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RuntimeOptions o = RuntimeOptions.parse(new String[] {"--in-memory", "--root", "..", "--api-port", "" + taken.getLocalPort(),
                    "--lambda-port", "0", "--dynamodb-port", "0", "--sfn-port", "0", "--ses-port", "0", "--console-port", "0"});
            assertThatThrownBy(() -> LocalRuntime.start(o, QUIET)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("port " + taken.getLocalPort() + " is in use; choose another with --api-port");
        }
    }

    @Test
    void aDataFolderThatIsNotWritable_isRefused(@TempDir Path dir) throws Exception {
        Path locked = Files.createDirectory(dir.resolve("locked"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));
        boolean root = "root".equals(System.getProperty("user.name"));
        Path data = root ? Files.writeString(dir.resolve("a-file"), "not a folder").resolve("data") : locked.resolve("data");
        assertThatThrownBy(() -> LocalRuntime.start(options(Path.of(".."), data), QUIET)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the data folder " + data);
    }

    @Test
    void aTemplateThatDoesNotParse_namesTheFileAndTheLine(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("infra"));
        Files.writeString(root.resolve("infra/template.yaml"), "Resources:\n  Table:\n    Type: [unclosed\n");
        assertThatThrownBy(() -> LocalRuntime.start(options(root, null), QUIET)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("template.yaml line 4");
    }

    @Test
    void anAslFileThatDoesNotParse_namesTheFileAndTheLine(@TempDir Path root) throws Exception {
        copyInfra(root);
        Files.writeString(root.resolve("infra/statemachine/nomination.asl.json"), "{\n  \"StartAt\": \"A\",\n  \"States\": {\n}");
        assertThatThrownBy(() -> LocalRuntime.start(options(root, null), QUIET)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nomination.asl.json").hasMessageContaining("line 4");
    }

    @Test
    void aHandlerClassThatDoesNotLoad_namesTheFunctionAndTheClass(@TempDir Path root) throws Exception {
        copyInfra(root);
        Path template = root.resolve("infra/template.yaml");
        Files.writeString(template, Files.readString(template).replace("awards.entrant.GetNominationHandler", "awards.nomination.Missing"));
        assertThatThrownBy(() -> LocalRuntime.start(options(root, null), QUIET)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("function GetNominationFunction: handler class awards.nomination.Missing does not load");
        assertThat(Files.exists(template)).isTrue();
    }

    @Test
    void aRegion_isInEveryArn_andKeptByItsDataFolder(@TempDir Path data) throws Exception {
        assertThatThrownBy(() -> RuntimeOptions.parse(new String[] {"--region", "Europe"})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--region needs an AWS region such as eu-west-2 (not \"Europe\")");
        try (LocalRuntime r = LocalRuntime.start(options(Path.of(".."), data).withRegion("eu-west-2"), QUIET)) {
            assertThat(r.stateMachineArn()).startsWith("arn:aws:states:eu-west-2:123456789012:stateMachine:");
            assertThat(r.banner()).contains("eu-west-2");
        }
        assertThat(Files.readString(data.resolve("region"))).isEqualTo("eu-west-2");
        // Without --region the folder's own is used (not the environment's); another is refused.
        try (LocalRuntime r = LocalRuntime.start(options(Path.of(".."), data).withRegion(null), QUIET)) {
            assertThat(r.stateMachineArn()).startsWith("arn:aws:states:eu-west-2:");
        }
        assertThatThrownBy(() -> LocalRuntime.start(options(Path.of(".."), data).withRegion("us-west-1"), QUIET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the data folder " + data + " began in region eu-west-2: start it with --region eu-west-2, or give another --data folder");
    }

    private static void copyInfra(Path root) throws Exception {
        Files.createDirectories(root.resolve("infra/statemachine"));
        Files.copy(Path.of("../infra/template.yaml"), root.resolve("infra/template.yaml"));
        Files.copy(Path.of("../infra/statemachine/nomination.asl.json"), root.resolve("infra/statemachine/nomination.asl.json"));
    }
}
