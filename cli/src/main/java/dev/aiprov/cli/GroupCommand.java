package dev.aiprov.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code aiprov}, {@code aiprov inventory}, {@code aiprov policy}):
 * it carries the graph options so they work at its level too, and refuses to run without a subcommand.
 */
abstract class GroupCommand implements Runnable, GraphOptions.HasGraphOptions {
    @Mixin
    GraphOptions graph;

    @Spec
    CommandSpec spec;

    @Override
    public GraphOptions graphOptions() {
        return graph;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "a subcommand is required: " + String.join(", ", spec.subcommands().keySet()));
    }
}
