package dev.aiprov.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command's {@code --format}: its own values, default and help line, through the one mixin. */
class FormatOptionTest {
    record Case(List<String> command, String help, String values) {
    }

    static final List<Case> CASES = List.of(
            new Case(List.of("alerts"), "text or json (default: text).", "[text, json]"),
            new Case(List.of("crawl"), "Summary format: text or json (default: text).", "[text, json]"),
            new Case(List.of("events"), "text or json (an array of event objects) (default: text).", "[text, json]"),
            new Case(List.of("exposure"), "text, json, markdown or ndjson (JSON lines written while the walk runs, "
                    + "nearest first) (default: text).", "[text, json, markdown, ndjson]"),
            new Case(List.of("findings"), "text, json or sarif (default: text).", "[text, json, sarif]"),
            new Case(List.of("inventory", "discover"), "text or json (default: text).", "[text, json]"),
            new Case(List.of("inventory", "cache"), "text or json (default: text).", "[text, json]"),
            new Case(List.of("inventory", "list"), "text, json or csv (default: text).", "[text, json, csv]"),
            new Case(List.of("lineage"), "text, json, mermaid or dot (default: text).", "[text, json, mermaid, dot]"),
            new Case(List.of("policy", "check"), "text, json or sarif (default: text).", "[text, json, sarif]"),
            new Case(List.of("query"), "table or json (default: table).", "[table, json]"),
            new Case(List.of("scan"), "text, json or sarif (default: text).", "[text, json, sarif]"));

    private static CliRun run(List<String> command, String... more) {
        List<String> args = new java.util.ArrayList<>(command);
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void everyCommandShowsItsOwnFormatLineInHelp() {
        for (Case c : CASES) {
            CliRun r = run(c.command(), "--help");
            assertEquals(0, r.exit(), c.command() + ": " + r.err());
            String words = r.out().replaceAll("\\s+", " ");   // picocli wraps long descriptions
            assertTrue(words.contains(" --format=<format> " + c.help() + " "), c.command() + ":\n" + r.out());
            assertTrue(r.out().contains("[--format=<format>]"), c.command() + ":\n" + r.out());
        }
    }

    @Test
    void everyCommandRefusesAFormatItDoesNotOfferWithAUsageError() {
        for (Case c : CASES) {
            CliRun r = run(c.command(), "--format", "yaml");
            assertEquals(2, r.exit(), c.command() + ": " + r.err());
            assertTrue(r.err().contains("Invalid value for option '--format': expected one of " + c.values()
                    + " (case-insensitive) but was 'yaml'"), c.command() + ":\n" + r.err());
        }
    }
}
