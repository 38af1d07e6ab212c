package dev.aiprov.cli;

import dev.aiprov.events.EventLog;
import dev.aiprov.events.EventSink;
import dev.aiprov.events.Ocsf;
import dev.aiprov.events.Sinks;
import dev.aiprov.graph.GraphConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --events SINK} (repeatable) on every command that acts. Events always go to the local record
 * too: {@code events/events.jsonl} next to the embedded graph directory (by default
 * {@code $AIPROV_HOME/events}), or under {@code $AIPROV_HOME/events} with a Neo4j server.
 */
public final class EventOptions {
    @Option(names = "--events", paramLabel = "SINK", converter = SinkSpec.class,
            description = "Also send events (OCSF JSON) to: file:PATH, stdout, syslog+udp://HOST:PORT, syslog+tcp://HOST:PORT, "
                    + "https://URL (repeatable). They are always recorded under $AIPROV_HOME/events.")
    List<String> sinks = new ArrayList<>();

    /**
     * Checks an {@code --events} value when the command line is parsed, so that a bad sink stops the
     * command before it opens the graph or writes anything (an approval without its event).
     */
    static final class SinkSpec implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try (EventSink sink = Sinks.parse(value, new PrintWriter(Writer.nullWriter()))) {
                return value;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            } catch (Exception closing) {
                return value;
            }
        }
    }

    /** Where the local record of a command with these graph options lives. */
    static Path eventsDir(CommandSpec spec, Map<String, String> env) {
        GraphConfig config = null;
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            if (s.userObject() instanceof GraphOptions.HasGraphOptions) {
                config = GraphOptions.resolve(spec, env);
                break;
            }
        }
        if (config != null && config.isEmbedded()) {
            Path parent = config.embeddedHome().toAbsolutePath().normalize().getParent();
            if (parent != null) return parent.resolve("events");
        }
        return GraphOptions.home(env).resolve("events");
    }

    /** Opens the event log; a bad sink is a usage error (exit 2) before anything runs. */
    EventLog open(CommandSpec spec, Map<String, String> env) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<EventSink> list = new ArrayList<>();
        for (String s : sinks) {
            try {
                list.add(Sinks.parse(s, out));
            } catch (IllegalArgumentException e) {
                throw UserException.usage(e.getMessage());
            }
        }
        Ocsf.productVersion(VersionProvider.version());
        return EventLog.open(eventsDir(spec, env), list, m -> {
            err.println("aiprov: warning: " + m);
            err.flush();
        });
    }
}
