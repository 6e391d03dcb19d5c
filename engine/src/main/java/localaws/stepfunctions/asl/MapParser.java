package localaws.stepfunctions.asl;

import localaws.stepfunctions.json.Template;
import localaws.stepfunctions.json.JsonataTemplate;
import com.fasterxml.jackson.databind.JsonNode;

/** An inline Map state's fields: its item processor (a graph of states), items, item selector, concurrency and failure thresholds, retriers and catchers; a distributed Map is refused. */
final class MapParser {
    private MapParser() {}

    static State parse(String name, JsonNode node, State.Io io, String at, boolean jsonata, DefinitionParser parser) {
        FieldReader fields = parser.fields();
        JsonNode processor = node.has("ItemProcessor") ? node.get("ItemProcessor") : node.get("Iterator");
        String field = node.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
        Graph graph = null;
        if (processor == null || !processor.isObject()) {
            fields.problems.add("SCHEMA_VALIDATION_FAILED: a Map state needs an ItemProcessor at " + at);
        } else {
            String mode = processor.path("ProcessorConfig").path("Mode").asText("INLINE");
            if (!mode.equals("INLINE")) {
                fields.problems.add("UNSUPPORTED_FEATURE: Map mode " + mode + " is not supported by this engine; use INLINE at "
                        + at + "/" + field + "/ProcessorConfig/Mode");
            }
            graph = parser.graph(processor, at + "/" + field);
        }
        if (node.has("ItemSelector") && node.has("Parameters")) {
            fields.problems.add("SCHEMA_VALIDATION_FAILED: ItemSelector and Parameters are exclusive at " + at);
        }
        Template selector = jsonata ? fields.jsonata(node, "ItemSelector", at) : node.has("ItemSelector") ? fields.template(node, "ItemSelector", at) : io.parameters();
        State.Io mapIo = new State.Io(io.inputPath(), io.inputDiscard(), null, io.resultSelector(), io.resultPath(),
                io.resultDiscard(), io.outputPath(), io.outputDiscard(), io.assign(), io.output());
        JsonataTemplate items = null;
        if (jsonata && node.has("Items")) {
            items = fields.jsonata(node, "Items", at);
            if (!JsonataTemplate.isExpression(node.get("Items")) && !node.get("Items").isArray()) {
                fields.problems.add("SCHEMA_VALIDATION_FAILED: Items is a JSON array or a JSONata expression at " + at + "/Items");
            }
        }
        JsonataTemplate maxConcurrencyExpression = jsonata ? fields.expression(node, "MaxConcurrency", at) : null;
        // A failure threshold changes nothing on an inline Map (below); its expression is still checked.
        if (jsonata) {
            fields.expression(node, "ToleratedFailurePercentage", at);
            fields.expression(node, "ToleratedFailureCount", at);
        }
        Integer maxConcurrency = null;
        if (node.has("MaxConcurrency") && maxConcurrencyExpression == null) {
            JsonNode m = node.get("MaxConcurrency");
            if (!m.isIntegralNumber() || m.asInt() < 0) {
                fields.problems.add("SCHEMA_VALIDATION_FAILED: MaxConcurrency must be a whole number of 0 or more at " + at + "/MaxConcurrency");
            } else {
                maxConcurrency = m.asInt();
            }
        }
        Double percentage = null;
        if (node.has("ToleratedFailurePercentage") && !JsonataTemplate.isExpression(node.get("ToleratedFailurePercentage"))) {
            JsonNode p = node.get("ToleratedFailurePercentage");
            if (!p.isNumber() || p.asDouble() < 0 || p.asDouble() > 100) {
                fields.problems.add("SCHEMA_VALIDATION_FAILED: ToleratedFailurePercentage must be from 0 to 100 at " + at);
            } else {
                percentage = p.asDouble();
            }
        }
        Integer count = null;
        if (node.has("ToleratedFailureCount") && !JsonataTemplate.isExpression(node.get("ToleratedFailureCount"))) {
            JsonNode c = node.get("ToleratedFailureCount");
            if (!c.isIntegralNumber() || c.asInt() < 0) {
                fields.problems.add("SCHEMA_VALIDATION_FAILED: ToleratedFailureCount must be a whole number of 0 or more at " + at);
            } else {
                count = c.asInt();
            }
        }
        return new State.MapState(name, mapIo, fields.transition(node, at), fields.path(node, "ItemsPath", at), selector, graph,
                maxConcurrency, fields.path(node, "MaxConcurrencyPath", at), percentage, fields.path(node, "ToleratedFailurePercentagePath", at),
                count, fields.path(node, "ToleratedFailureCountPath", at), Retrier.parseAll(node, at, fields), Catcher.parseAll(node, at, jsonata, fields), items, maxConcurrencyExpression);
    }
}
