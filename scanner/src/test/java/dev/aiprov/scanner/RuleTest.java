package dev.aiprov.scanner;

import dev.aiprov.scanner.secrets.SecretKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule registry: ids unique and stable in form, documented, and the only source of the ids findings carry. */
class RuleTest {
    private static final Path DOCS = Path.of("../docs");
    private static final Path MAIN = Path.of("src/main/java/dev/aiprov/scanner");
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    @Test
    void idsAreUniqueAndUpperSnakeCase() {
        Set<String> seen = new HashSet<>();
        for (Rule r : Rule.values()) {
            assertTrue(seen.add(r.id()), "duplicate rule id " + r.id());
            assertTrue(r.id().matches("[A-Z0-9]+(_[A-Z0-9]+)+"), r.id());
            assertEquals(r, Rule.byId(r.id()).orElseThrow());
        }
    }

    @Test
    void everyDocLinkNamesAHeadingThatExistsInDocs() throws IOException {
        Map<String, Set<String>> anchors = new HashMap<>();
        try (Stream<Path> files = Files.list(DOCS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".md")).toList()) {
                Set<String> a = new HashSet<>();
                for (String line : Files.readAllLines(f)) {
                    if (line.startsWith("#")) a.add(slug(line.replaceFirst("^#+", "")));
                }
                anchors.put(f.getFileName().toString(), a);
            }
        }
        for (Rule r : Rule.values()) {
            String[] link = r.doc().split("#", 2);
            assertEquals(2, link.length, r + " links a page without an anchor: " + r.doc());
            assertTrue(anchors.containsKey(link[0]), r + " links a missing page docs/" + link[0]);
            assertTrue(anchors.get(link[0]).contains(link[1]), r + " links a missing heading docs/" + r.doc());
        }
    }

    @Test
    void everyDetectorHasItsFailureRules() {
        for (Detector d : DetectorRegistry.all()) {
            for (ScanException.Failure f : List.of(ScanException.Failure.MALFORMED, ScanException.Failure.TRUNCATED)) {
                assertTrue(Rule.failure(d.id(), f).id().endsWith("_" + f.name()), d.id());
            }
        }
    }

    @Test
    void everySecretKindHasItsOwnRule() {
        Set<Rule> rules = new HashSet<>();
        for (SecretKind k : SecretKind.values()) {
            assertTrue(rules.add(k.rule()), k + " shares its rule");
            assertTrue(k.rule().id().startsWith("SECRET_"), k.toString());
        }
    }

    /** No detector names a rule by a string: a rule id literal in main code outside Rule.java would bypass the registry. */
    @Test
    void noMainSourceSpellsARuleIdAsAString() throws IOException {
        Pattern literal = Pattern.compile("\"([A-Z0-9]+(?:_[A-Z0-9]+)+)\"");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("Rule.java")).toList()) {
                Matcher m = literal.matcher(Files.readString(f));
                while (m.find()) {
                    if (Rule.byId(m.group(1)).isPresent()) found.add(f.getFileName() + ": " + m.group(1));
                }
            }
        }
        assertEquals(List.of(), found);
    }

    /** Every registered rule is reported somewhere (referenced in main code, or a format's failure rule). */
    @Test
    void everyRegisteredRuleIsUsed() throws IOException {
        StringBuilder code = new StringBuilder();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("Rule.java")).toList()) {
                code.append(Files.readString(f));
            }
        }
        Set<Rule> failures = new HashSet<>();
        for (Detector d : DetectorRegistry.all()) {
            failures.add(Rule.failure(d.id(), ScanException.Failure.MALFORMED));
            failures.add(Rule.failure(d.id(), ScanException.Failure.TRUNCATED));
        }
        Set<String> unused = new TreeSet<>();
        for (Rule r : Rule.values()) {
            if (!failures.contains(r) && !Pattern.compile("\\bRule\\." + r.name() + "\\b").matcher(code).find()) {
                unused.add(r.id());
            }
        }
        assertEquals(Set.of(), unused);
    }

    /** Every finding the scanner reports on the checked-in fixtures carries a registered rule id. */
    @Test
    void everyFindingOnTheFixturesCarriesARegisteredRule() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(FIXTURES)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        Set<String> unregistered = new TreeSet<>();
        Set<String> rules = new TreeSet<>();
        for (FileResult r : Scanner.withDefaults().scanPaths(files, 1)) {
            for (Finding f : r.findings()) {
                rules.add(f.rule());
                if (Rule.byId(f.rule()).isEmpty()) unregistered.add(f.rule() + " (" + r.path() + ")");
            }
        }
        assertEquals(Set.of(), unregistered);
        assertTrue(rules.size() > 40, "the fixtures exercise many rules: " + rules);
    }

    /** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
