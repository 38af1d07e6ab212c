package dev.aiprov.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code aiprov cds-train WORK} (hidden): the training run of {@link Cds}. Runs typical graph commands
 * on a throwaway graph in WORK so that the JVM's archive holds the classes they load.
 */
@Command(name = "cds-train", hidden = true, description = "Internal: load what graph commands load, for the class-data sharing archive.")
public final class CdsTrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "WORK")
    Path work;

    @Override
    public Integer call() throws Exception {
        Files.writeString(work.resolve("pid"), ProcessHandle.current().pid() + "\n");
        String graph = work.resolve("graph").toString();
        Path pickle = Files.write(work.resolve("model.pkl"), new byte[]{(byte) 0x80, 2, 'N', '.'});   // also what scan loads
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        for (String[] args : new String[][]{
                {"query", "--graph", graph, "MATCH (m:Model) RETURN m.id AS id LIMIT 5"},
                {"findings", "--graph", graph},
                {"lineage", "--graph", graph, "org/model"},
                {"inventory", "list", "--graph", graph},
                {"alerts", "--graph", graph},
                {"--graph", graph, "scan", pickle.toString()}}) {   // --graph: its events stay in WORK
            Main.run(args, none, none);
        }
        BenchCommand.deleteTree(work.resolve("graph"));
        return ExitCodes.OK;
    }
}
