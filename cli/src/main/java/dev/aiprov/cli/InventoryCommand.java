package dev.aiprov.cli;

import dev.aiprov.cli.render.InventoryReport;
import dev.aiprov.cli.render.Json;
import dev.aiprov.cli.render.JsonDocuments;
import dev.aiprov.cli.render.Table;
import dev.aiprov.inventory.HfCache;
import dev.aiprov.inventory.Inventories;
import dev.aiprov.inventory.InventoryService;
import dev.aiprov.inventory.Manifest;
import dev.aiprov.inventory.ManifestException;
import dev.aiprov.inventory.ManifestParser;
import dev.aiprov.inventory.ManifestWriter;
import dev.aiprov.inventory.Reference;
import dev.aiprov.inventory.SourceDiscovery;
import dev.aiprov.inventory.UnknownDeploymentException;
import dev.aiprov.graph.AlertStore;
import dev.aiprov.graph.Graph;
import dev.aiprov.graph.InventoryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code aiprov inventory …}: what the organisation runs, from a manifest, source trees or a Hub cache. */
@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "Deployments and the models, datasets and Spaces they use: import a manifest (aiprov.yaml), "
                + "discover Hub references in source trees, read a Hugging Face cache, list what is in use.",
        subcommands = {InventoryCommand.Import.class, InventoryCommand.Discover.class, InventoryCommand.Cache.class,
                InventoryCommand.ListUses.class})
public final class InventoryCommand extends GroupCommand {

    /** Base of the subcommands that open the graph only after their input is valid. */
    abstract static class Lazy implements Callable<Integer>, GraphOptions.HasGraphOptions {
        @Mixin
        GraphOptions graphOptions;

        @Spec
        CommandSpec spec;

        @Mixin
        EventOptions events;

        @Override
        public GraphOptions graphOptions() {
            return graphOptions;
        }

        protected Map<String, String> env() {
            return System.getenv();
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        int importDeployments(Manifest manifest, String manifestPath) throws Exception {
            return GraphAccess.with(spec, env(), g -> {
                new InventoryService(g).importManifest(manifest, manifestPath, () -> events.open(spec, env()),
                        new InventoryService.Listener() {
                            @Override
                            public void imported(int deployments, int uses, String graph) {
                                err().println("aiprov: imported " + deployments + (deployments == 1 ? " deployment" : " deployments")
                                        + ", " + uses + (uses == 1 ? " use" : " uses") + " into " + graph);
                                err().flush();
                            }

                            @Override
                            public void alert(AlertStore.Alert a) {
                                err().println("aiprov: alert: " + a.severity() + " " + a.type() + " " + a.message());
                            }
                        });
                err().flush();
                return ExitCodes.OK;
            });
        }

        void writeManifest(Path file, Manifest manifest, String comment) {
            try {
                Files.writeString(file, ManifestWriter.write(manifest, comment), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UserException("cannot write " + file + ": " + e.getMessage(), ExitCodes.FAILURE);
            }
        }

        /** A generated one-deployment manifest; one that would not load is a usage error. */
        static Manifest validated(Manifest.Deployment d) {
            try {
                return Inventories.generated(d);
            } catch (ManifestException e) {
                throw UserException.usage(e.getMessage());
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Load a deployments manifest (aiprov.yaml) into the graph. Each deployment's uses are "
                    + "replaced by the manifest's; a manifest with any error changes nothing.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:imported", "2:the manifest has errors (each printed as FILE:LINE: message)", "3:graph failure"})
    static final class Import extends Lazy {
        @Parameters(index = "0", paramLabel = "FILE", description = "The manifest, e.g. aiprov.yaml.")
        Path file;

        @Override
        public Integer call() throws Exception {
            Manifest m;
            try {
                m = ManifestParser.parse(file);
            } catch (ManifestException e) {
                for (String p : e.problems()) err().println(p);
                err().flush();
                return ExitCodes.USAGE;
            }
            return importDeployments(m, file.toAbsolutePath().normalize().toString());
        }
    }

    enum SourceFormat { text, json }

    @Command(name = "discover", mixinStandardHelpOptions = true,
            description = "Find Hugging Face references in a source tree: Python calls (from_pretrained, pipeline, "
                    + "hf_hub_download, snapshot_download, load_dataset…), notebooks, Dockerfiles and shell scripts "
                    + "(huggingface-cli/hf download), YAML and JSON configs. Nothing is executed.")
    static final class Discover extends Lazy {
        @Parameters(index = "0", paramLabel = "DIR", description = "The source tree.")
        Path dir;

        @Mixin
        final FormatOption<SourceFormat> formatOption = new FormatOption<>(SourceFormat.class, "text",
                "text or json (default: ${DEFAULT-VALUE}).", f -> format = f);
        SourceFormat format;

        @Option(names = "--write-manifest", paramLabel = "FILE", description = "Write the references as a one-deployment manifest.")
        Path manifestOut;

        @Option(names = "--import", description = "Import the references into the graph as one deployment.")
        boolean doImport;

        @Option(names = "--deployment", paramLabel = "NAME", description = "Deployment name for --write-manifest/--import (default: the directory name).")
        String deployment;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(dir)) throw UserException.usage("not a directory: " + dir);
            SourceDiscovery.Result r;
            try {
                r = SourceDiscovery.discover(dir);
            } catch (IOException e) {
                throw new UserException("cannot read " + dir + ": " + e.getMessage(), ExitCodes.FAILURE);
            }
            for (String s : r.skipped()) err().println("aiprov: skipped " + s);
            err().flush();
            if (format == SourceFormat.json) {
                out().println(Json.pretty(r.references().stream().map(InventoryReport.Discovered::of).toList()));
            } else {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Reference ref : r.references()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("where", ref.file() + ":" + ref.line());
                    row.put("type", ref.type().key());
                    row.put("repo", ref.repo());
                    row.put("revision", ref.revision() == null ? "follows main" : ref.revision());
                    rows.add(row);
                }
                out().print(Table.render(List.of("where", "type", "repo", "revision"), rows));
                out().println("(" + r.references().size() + (r.references().size() == 1 ? " reference)" : " references)"));
            }
            out().flush();
            if (manifestOut == null && !doImport) return ExitCodes.OK;
            String name = deployment != null ? deployment : Inventories.deploymentName(dir);
            Manifest m = validated(Inventories.fromReferences(name, r.references()));
            if (manifestOut != null) writeManifest(manifestOut, m, "discovered by aiprov inventory discover " + dir);
            return doImport ? importDeployments(m, manifestOut == null ? null : manifestOut.toAbsolutePath().normalize().toString())
                    : ExitCodes.OK;
        }
    }

    @Command(name = "cache", mixinStandardHelpOptions = true,
            description = "Read a Hugging Face hub cache: which repos were pulled, at which revisions, and when "
                    + "(from the cache's own timestamps). DIR defaults to $HF_HUB_CACHE, else $HF_HOME/hub, else "
                    + "~/.cache/huggingface/hub.")
    static final class Cache extends Lazy {
        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The hub cache directory.")
        Path dir;

        @Mixin
        final FormatOption<SourceFormat> formatOption = new FormatOption<>(SourceFormat.class, "text",
                "text or json (default: ${DEFAULT-VALUE}).", f -> format = f);
        SourceFormat format;

        @Option(names = "--write-manifest", paramLabel = "FILE", description = "Write the cached revisions as a one-deployment manifest.")
        Path manifestOut;

        @Option(names = "--import", description = "Import the cached revisions as the uses of --deployment.")
        boolean doImport;

        @Option(names = "--deployment", paramLabel = "NAME", description = "Deployment the cache belongs to (required with --import; default for --write-manifest: hf-cache).")
        String deployment;

        @Override
        public Integer call() throws Exception {
            if (doImport && deployment == null) throw UserException.usage("--import needs --deployment NAME");
            Path cacheDir = dir != null ? dir : HfCache.locate(env());
            HfCache.Result r;
            try {
                r = HfCache.read(cacheDir);
            } catch (IOException e) {
                throw UserException.usage(e.getMessage());
            }
            for (String s : r.skipped()) err().println("aiprov: skipped " + s);
            err().flush();
            if (format == SourceFormat.json) {
                out().println(Json.pretty(r.entries().stream().map(InventoryReport.Cached::of).toList()));
            } else {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (HfCache.Entry e : r.entries()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("type", e.type().key());
                    row.put("repo", e.repo());
                    row.put("revision", e.revision());
                    row.put("refs", String.join(",", e.refs()));
                    row.put("pulled", e.pulledAt() == null ? "" : e.pulledAt().toString());
                    rows.add(row);
                }
                out().print(Table.render(List.of("type", "repo", "revision", "refs", "pulled"), rows));
                out().println("(" + r.entries().size() + (r.entries().size() == 1 ? " cached revision in " : " cached revisions in ")
                        + cacheDir + ")");
            }
            out().flush();
            if (manifestOut == null && !doImport) return ExitCodes.OK;
            String source = env().getOrDefault("HF_ENDPOINT", "https://huggingface.co").replaceAll("/+$", "");
            String name = deployment != null ? deployment : "hf-cache";
            Manifest m = validated(Inventories.fromCache(name, r.entries(), source));
            if (manifestOut != null) writeManifest(manifestOut, m, "read by aiprov inventory cache " + cacheDir);
            return doImport ? importDeployments(m, manifestOut == null ? null : manifestOut.toAbsolutePath().normalize().toString())
                    : ExitCodes.OK;
        }
    }

    enum ListFormat { text, json, csv }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every artifact in use, by deployment: source, revision (or follows main), pull date, "
                    + "approval state and worst finding.")
    static final class ListUses extends GraphCommand {
        @Mixin
        final FormatOption<ListFormat> formatOption = new FormatOption<>(ListFormat.class, "text",
                "text, json or csv (default: ${DEFAULT-VALUE}).", f -> format = f);
        ListFormat format;

        @Option(names = "--deployment", paramLabel = "NAME", description = "Only this deployment.")
        String deployment;

        @Override
        protected int run(Graph graph) {
            List<InventoryStore.Item> items;
            try {
                items = new InventoryService(graph).list(deployment, Instant.now());
            } catch (UnknownDeploymentException e) {
                throw UserException.usage(e.getMessage());
            }
            List<InventoryReport.Use> uses = items.stream().map(InventoryReport.Use::of).toList();
            switch (format) {
                case json -> out().print(JsonDocuments.inventory(items));
                case csv -> out().print(InventoryReport.csv(uses));
                case text -> {
                    out().print(Table.render(InventoryReport.COLUMNS, uses.stream().map(InventoryReport.Use::row).toList()));
                    out().println("(" + uses.size() + (uses.size() == 1 ? " use)" : " uses)"));
                }
            }
            out().flush();
            return ExitCodes.OK;
        }
    }
}
