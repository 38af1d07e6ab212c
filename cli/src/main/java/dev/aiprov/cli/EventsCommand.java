package dev.aiprov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiprov.cli.render.Json;
import dev.aiprov.events.EventReader;
import dev.aiprov.events.EventRecord;
import dev.aiprov.events.Ocsf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code aiprov events}: reads back the local event record. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Print the events recorded locally (OCSF JSON; the same as sent to --events sinks).")
public final class EventsCommand implements Callable<Integer>, GraphOptions.HasGraphOptions {
    enum Format { text, json }

    @Mixin
    GraphOptions graphOptions;

    @Spec
    CommandSpec spec;

    @Option(names = "--since", paramLabel = "DATE", converter = ApproveCommand.DateConverter.class,
            description = "Only events at or after: 2026-12-31 or an ISO-8601 instant.")
    Instant since;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "Only this type: crawl, scan, file_scanned, finding, alert, approval, policy, inventory.")
    String type;

    @Mixin
    final FormatOption<Format> formatOption = new FormatOption<>(Format.class, "text",
            "text or json (an array of event objects) (default: ${DEFAULT-VALUE}).", f -> format = f);
    Format format;

    @Override
    public GraphOptions graphOptions() {
        return graphOptions;
    }

    protected java.util.Map<String, String> env() {
        return System.getenv();
    }

    @Override
    public Integer call() {
        Ocsf.Type t = null;
        if (type != null) {
            try {
                t = Ocsf.Type.parse(type);
            } catch (IllegalArgumentException e) {
                throw UserException.usage(e.getMessage());
            }
        }
        Path file = EventOptions.eventsDir(spec, env()).resolve(EventReader.FILE_NAME);
        List<JsonNode> events;
        try {
            events = EventReader.read(file, since, t);
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage(), ExitCodes.FAILURE);
        }
        PrintWriter out = spec.commandLine().getOut();
        EventRecord.Rotated rotated = EventRecord.rotated(file.getParent());
        if (rotated != null) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("aiprov: " + rotated.count() + (rotated.count() == 1 ? " older event was" : " older events were")
                    + " rotated out of the local record (events up to " + rotated.before() + "; caps: "
                    + EventRecord.Caps.MAX_MB_ENV + ", " + EventRecord.Caps.MAX_DAYS_ENV + ")");
            err.flush();
        }
        if (format == Format.json) {
            out.println(Json.pretty(events));
        } else {
            for (JsonNode e : events) {
                out.println(Instant.ofEpochMilli(e.path("time").asLong()) + "  " + Ocsf.typeOf(e) + "  "
                        + e.path("severity").asText("") + "  " + e.path("message").asText(""));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
