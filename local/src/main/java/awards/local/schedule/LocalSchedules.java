package awards.local.schedule;

import awards.local.lambda.LocalFunctions;
import localaws.VirtualClock;
import localaws.LambdaFunctions;
import awards.local.template.LocalNames;
import awards.local.template.SamTemplate;
import awards.local.template.TemplateValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template's schedule events ({@code ScheduleV2}: EventBridge Scheduler; {@code Schedule}: an
 * EventBridge rule) run on the runtime's clock, invoking their function with exactly the payload
 * AWS sends. Scheduler sends the schedule's {@code Input} with its context placeholders filled in
 * ({@code <aws.scheduler.scheduled-time>}, {@code <aws.scheduler.schedule-arn>},
 * {@code <aws.scheduler.execution-id>}, {@code <aws.scheduler.attempt-number>}), or {@code {}}
 * without one (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html);
 * a rule sends its {@code Input}, or the "Scheduled Event" event
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html).
 *
 * <p>Only {@code rate(...)} expressions run locally; {@code cron(...)} and {@code at(...)} are
 * refused at start, naming the function. When the clock jumps ahead (the console's "next
 * milestone"), the runs it skipped collapse into one at the latest time due, as a schedule's
 * target that was asleep would see it.
 */
public final class LocalSchedules implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");

    /** One schedule of the template. */
    public record Schedule(String function, String event, String type, String name, Duration rate, String input, boolean enabled) {
        String arn(LocalNames names) {
            return type.equals("ScheduleV2")
                    ? "arn:aws:scheduler:" + names.region() + ":" + names.account() + ":schedule/default/" + name
                    : "arn:aws:events:" + names.region() + ":" + names.account() + ":rule/" + name;
        }
    }

    private final List<Schedule> schedules;
    private final Instant[] next;
    private final LocalFunctions functions;
    private final VirtualClock clock;
    private final LocalNames names;
    private final Consumer<String> log;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "schedules");
        t.setDaemon(true);
        return t;
    });

    public LocalSchedules(List<Schedule> schedules, LocalFunctions functions, VirtualClock clock, LocalNames names, Consumer<String> log) {
        this.schedules = List.copyOf(schedules);
        this.next = new Instant[schedules.size()];
        this.functions = functions;
        this.clock = clock;
        this.names = names;
        this.log = log;
        Instant now = clock.now();
        for (int i = 0; i < next.length; i++) {
            next[i] = now.plus(schedules.get(i).rate());
        }
    }

    /** Reads every schedule event of the template's functions. */
    public static List<Schedule> fromTemplate(SamTemplate template, TemplateValues values) {
        List<Schedule> out = new ArrayList<>();
        template.resources("AWS::Serverless::Function").forEach((function, fn) -> fn.path("Properties").path("Events").properties().forEach(e -> {
            String type = e.getValue().path("Type").asText();
            if (!type.equals("ScheduleV2") && !type.equals("Schedule")) {
                return;
            }
            JsonNode p = e.getValue().path("Properties");
            String expression = values.text(p.path("ScheduleExpression"));
            Matcher m = RATE.matcher(expression == null ? "" : expression.strip());
            if (!m.matches() || Long.parseLong(m.group(1)) < 1) {
                throw new IllegalArgumentException(template.file() + ": " + function + "." + e.getKey() + ": the local runtime runs "
                        + "schedules written as rate(N minutes|hours|days), not " + expression);
            }
            ChronoUnit unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "minute", "minutes" -> ChronoUnit.MINUTES;
                case "hour", "hours" -> ChronoUnit.HOURS;
                default -> ChronoUnit.DAYS;
            };
            String name = p.has("Name") ? values.text(p.get("Name")) : function + e.getKey();
            String input = p.has("Input") ? values.text(p.get("Input")) : null;
            boolean enabled = type.equals("ScheduleV2") ? !"DISABLED".equals(values.text(p.path("State")))
                    : !p.has("Enabled") || p.get("Enabled").asBoolean(true);
            out.add(new Schedule(function, e.getKey(), type, name, Duration.of(Long.parseLong(m.group(1)), unit), input, enabled));
        }));
        return out;
    }

    public List<Schedule> schedules() {
        return schedules;
    }

    /** Checks every second of real time and whenever the clock is moved. */
    public LocalSchedules start() {
        ticker.scheduleWithFixedDelay(this::runDue, 1, 1, TimeUnit.SECONDS);
        clock.onMoved(() -> ticker.execute(this::runDue));
        return this;
    }

    /** Runs each schedule that is due, once, at the latest time it was due. */
    synchronized void runDue() {
        Instant now = clock.now();
        for (int i = 0; i < schedules.size(); i++) {
            Schedule s = schedules.get(i);
            if (now.isBefore(next[i])) {
                continue;
            }
            long missed = Duration.between(next[i], now).dividedBy(s.rate());
            Instant due = next[i].plus(s.rate().multipliedBy(missed));
            next[i] = due.plus(s.rate());
            if (s.enabled()) {
                fire(s, due);
            }
        }
    }

    private void fire(Schedule s, Instant due) {
        byte[] payload = payload(s, due, names).getBytes(StandardCharsets.UTF_8);
        Thread.ofVirtual().name("schedule-" + s.name()).start(() -> {
            try {
                LambdaFunctions.Result r = functions.invoke(functions.find(s.function()).orElseThrow(), payload);
                if (r.functionError() != null && !closed) {
                    log.accept("schedule " + s.name() + " at " + due + ": " + s.function() + " failed: "
                            + JSON.readTree(r.payload()).path("errorMessage").asText());
                }
            } catch (Exception e) {
                if (closed) {
                    return; // the runtime stopped while this run was in flight: cut short, not failed
                }
                log.accept("schedule " + s.name() + " at " + due + ": " + e.getMessage());
            }
        });
    }

    /** The bytes AWS sends the target for a run due at {@code due}. */
    public static String payload(Schedule s, Instant due, LocalNames names) {
        String time = due.truncatedTo(ChronoUnit.SECONDS).toString();
        if (s.type().equals("ScheduleV2")) {
            if (s.input() == null) {
                return "{}";
            }
            return s.input().replace("<aws.scheduler.scheduled-time>", time)
                    .replace("<aws.scheduler.schedule-arn>", s.arn(names))
                    .replace("<aws.scheduler.execution-id>", UUID.randomUUID().toString())
                    .replace("<aws.scheduler.attempt-number>", "1");
        }
        if (s.input() != null) {
            return s.input();
        }
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "0");
        e.put("id", UUID.randomUUID().toString());
        e.put("detail-type", "Scheduled Event");
        e.put("source", "aws.events");
        e.put("account", names.account());
        e.put("time", time);
        e.put("region", names.region());
        e.putArray("resources").add(s.arn(names));
        e.putObject("detail");
        return e.toString();
    }

    /** Set when the runtime stops: a run it cuts short is not reported as a failure. */
    private volatile boolean closed;

    @Override
    public void close() {
        closed = true;
        ticker.shutdownNow();
    }
}
