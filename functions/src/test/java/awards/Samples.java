package awards;

import awards.cycle.Cycle;
import awards.cycle.CycleJson;
import awards.platform.ApiRequest;
import awards.platform.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

/** The sample events under {@code events/}, the same files {@code sam local invoke -e} takes. */
public final class Samples {
    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private Samples() {}

    public static JsonNode json(String relative) {
        try {
            return Json.MAPPER.readTree(Files.readString(ROOT.resolve("events").resolve(relative)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ApiRequest request(String name) {
        return ApiRequest.fromEvent(json("api/" + name + ".json"));
    }

    public static Cycle demoCycle() {
        var errors = new ArrayList<awards.platform.Problem.FieldError>();
        Cycle cycle = CycleJson.parse("dia-2027", json("cycle/demo-cycle.json"), errors);
        if (cycle == null) {
            throw new IllegalStateException("demo cycle is invalid: " + errors);
        }
        return cycle;
    }
}
