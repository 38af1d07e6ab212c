package dev.aiprov.cli;

import dev.aiprov.graph.GraphConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the graph is. Mixed into the root command and into every command that uses the graph, so
 * the options work before or after the subcommand; a value given on the subcommand wins.
 */
public final class GraphOptions {
    @Option(names = "--graph", paramLabel = "DIR",
            description = "Embedded graph directory (default: $AIPROV_HOME/graph, i.e. ~/.aiprov/graph).")
    Path graphDir;

    @Option(names = "--neo4j-uri", paramLabel = "URI",
            description = "Use a Neo4j server or cluster instead of the embedded graph (bolt://…, neo4j://…).")
    String uri;

    @Option(names = "--neo4j-user", paramLabel = "USER", description = "Neo4j user (default: neo4j).")
    String user;

    @Option(names = "--neo4j-password-file", paramLabel = "FILE",
            description = "File holding the Neo4j password (else $NEO4J_PASSWORD).")
    Path passwordFile;

    /** The home directory: the {@code aiprov.home} system property, else $AIPROV_HOME, else ~/.aiprov. */
    public static Path home(Map<String, String> env) {
        String h = System.getProperty("aiprov.home", env.get("AIPROV_HOME"));
        return h != null && !h.isBlank() ? Path.of(h) : Path.of(System.getProperty("user.home"), ".aiprov");
    }

    /** Merges this command's options with its ancestors' (nearest wins) into a graph configuration. */
    public static GraphConfig resolve(CommandSpec spec, Map<String, String> env) {
        GraphOptions merged = new GraphOptions();
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            Object cmd = s.userObject();
            GraphOptions o = cmd instanceof HasGraphOptions h ? h.graphOptions() : null;
            if (o == null) continue;
            if (merged.graphDir == null) merged.graphDir = o.graphDir;
            if (merged.uri == null) merged.uri = o.uri;
            if (merged.user == null) merged.user = o.user;
            if (merged.passwordFile == null) merged.passwordFile = o.passwordFile;
        }
        if (merged.uri != null && merged.graphDir != null) {
            throw UserException.usage("--graph and --neo4j-uri are mutually exclusive");
        }
        if (merged.uri == null) {
            Path dir = merged.graphDir != null ? merged.graphDir : home(env).resolve("graph");
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw UserException.usage("--graph " + dir + " is a file, not a directory (give a directory; it is created if missing)");
            }
            return GraphConfig.embedded(dir);
        }
        if (!merged.uri.matches("(?i)(bolt|neo4j)(\\+s|\\+ssc)?://.+")) {
            throw UserException.usage("--neo4j-uri must be bolt://HOST[:PORT] or neo4j://HOST[:PORT], got " + merged.uri);
        }
        String password = env.get("NEO4J_PASSWORD");
        if (merged.passwordFile != null) {
            try {
                password = dev.aiprov.scanner.io.UserFiles.readText(merged.passwordFile, 4096).strip();   // regular file, capped
            } catch (IOException e) {
                throw UserException.usage("cannot read --neo4j-password-file " + merged.passwordFile + ": " + e.getMessage());
            }
        }
        return GraphConfig.server(merged.uri, merged.user != null ? merged.user : "neo4j", password);
    }

    /** Implemented by commands that mix in {@link GraphOptions}. */
    public interface HasGraphOptions {
        GraphOptions graphOptions();
    }
}
