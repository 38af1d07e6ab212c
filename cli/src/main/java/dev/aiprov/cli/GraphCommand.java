package dev.aiprov.cli;

import dev.aiprov.graph.Graph;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Base of every command that uses the graph: owns opening and closing it, and turns graph failures
 * into one-line errors with exit code 3.
 */
public abstract class GraphCommand implements Callable<Integer>, GraphOptions.HasGraphOptions {
    @Mixin
    GraphOptions graphOptions;

    @Spec
    protected CommandSpec spec;

    /** The environment (the client's, when {@code aiprov serve} runs the command for it); tests may override. */
    protected Map<String, String> env() {
        ServedRequest served = ServedRequest.current();
        return served != null ? served.env() : System.getenv();
    }

    @Override
    public GraphOptions graphOptions() {
        return graphOptions;
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public final Integer call() throws Exception {
        return GraphAccess.with(spec, env(), this::run);
    }

    protected abstract int run(Graph graph) throws Exception;
}
