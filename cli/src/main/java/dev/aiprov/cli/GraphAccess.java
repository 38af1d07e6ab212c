package dev.aiprov.cli;

import dev.aiprov.graph.Graph;
import dev.aiprov.graph.GraphConfig;
import dev.aiprov.graph.GraphException;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Map;

/**
 * Opens the graph for commands that need it only sometimes or only after validating their input
 * ({@code inventory import}, {@code discover --import}, {@code cache --import}), with the same error
 * mapping as {@link GraphCommand}: graph failures exit 3 (also a graph in use by another process
 * without {@code aiprov serve}), refused queries exit 2. A running {@code aiprov serve} on the same
 * graph directory is used instead of starting the embedded database.
 */
final class GraphAccess {
    private GraphAccess() {
    }

    interface Work {
        int run(Graph graph) throws Exception;
    }

    static int with(CommandSpec spec, Map<String, String> env, Work work) throws Exception {
        GraphConfig config = GraphOptions.resolve(spec, env);
        ServedRequest served = ServedRequest.current();
        if (served != null) {   // run by aiprov serve for a thin client: its graph, shared, not closed here
            if (!config.isEmbedded() || !ServeSocket.sameDir(config.embeddedHome(), served.graphDir())) {
                throw new UserException("aiprov serve holds graph " + served.graphDir() + ", not "
                        + (config.isEmbedded() ? config.embeddedHome() : config.uri()), ExitCodes.FAILURE);
            }
            return run(served.graph(), work);
        }
        if (!config.isEmbedded() || !Graph.served(config.embeddedHome())) {
            if (config.isEmbedded()) {
                Integer relaunched = Cds.relaunch(env);
                if (relaunched != null) return relaunched;
            }
            Logs.forGraph();   // through aiprov serve, nothing here logs through Log4j: don't load it
        }
        try (Graph graph = Graph.open(config)) {
            return run(graph, work);
        } catch (GraphException e) {
            throw new UserException(e.getMessage(), ExitCodes.FAILURE);
        } finally {
            Cds.afterCommand();
        }
    }

    private static int run(Graph graph, Work work) throws Exception {
        try {
            return work.run(graph);
        } catch (dev.aiprov.graph.QueryRejectedException e) {
            throw new UserException(e.getMessage(), ExitCodes.USAGE);
        } catch (GraphException e) {
            throw new UserException(e.getMessage(), ExitCodes.FAILURE);
        }
    }
}
