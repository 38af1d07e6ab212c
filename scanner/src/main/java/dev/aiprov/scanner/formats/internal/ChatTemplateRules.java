package dev.aiprov.scanner.formats.internal;

import dev.aiprov.scanner.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Indicators of server-side template injection in a Jinja2 chat template (CVE-2024-34359,
 * CVE-2026-5760): rendered by an unsandboxed environment, such a template reaches Python
 * internals. Ordinary templates ({@code raise_exception}, {@code strftime_now}, {@code namespace},
 * {@code loop.index}, {@code tojson}) match none of them.
 */
public final class ChatTemplateRules {
    /** One indicator group: all its matches give one finding. */
    public record Hit(String rule, Severity severity, String message, int index, List<String> matches) {
    }

    private record Indicator(String rule, Severity severity, String message, Pattern pattern) {
    }

    private static final List<Indicator> INDICATORS = List.of(
            new Indicator("CHAT_TEMPLATE_PYTHON_INTERNALS", Severity.CRITICAL,
                    "chat template reaches Python internals through dunder attributes",
                    Pattern.compile("__[A-Za-z][A-Za-z0-9_]*__|\\bmro\\b|\\bfunc_globals\\b")),
            new Indicator("CHAT_TEMPLATE_CODE_EXECUTION", Severity.CRITICAL,
                    "chat template names process or code execution primitives",
                    Pattern.compile("\\bpopen\\b|\\bsubprocess\\b|\\bos\\s*\\.\\s*[a-z_]+|\\bsystem\\s*\\(|"
                            + "\\beval\\s*\\(|\\bexec(file)?\\s*\\(|\\bimport_module\\b|\\bcheck_output\\b|"
                            + "\\bbuiltins\\b|\\bsys\\s*\\.\\s*modules\\b", Pattern.CASE_INSENSITIVE)),
            new Indicator("CHAT_TEMPLATE_SANDBOX_ESCAPE", Severity.HIGH,
                    "chat template uses constructs that hide attribute access from filters",
                    Pattern.compile("\\|\\s*attr\\s*\\(|\\\\x5f|\\\\u005f|\\\\137|\\blipsum\\b|\\bcycler\\b|\\bjoiner\\b|"
                            + "\\bself\\s*\\.\\s*_|\\bgetattr\\s*\\(|\\brequest\\s*\\.\\s*application\\b|"
                            + "\\|\\s*format\\s*\\(\\s*['\"]?%c|\\bfrom_pyfile\\b")));

    private ChatTemplateRules() {
    }

    /** The indicator groups present in {@code template}, each with up to 5 distinct matches. */
    public static List<Hit> check(String template) {
        List<Hit> hits = new ArrayList<>();
        for (Indicator ind : INDICATORS) {
            Matcher m = ind.pattern.matcher(template);
            List<String> found = new ArrayList<>();
            int first = -1;
            while (m.find() && found.size() < 5) {
                if (first < 0) first = m.start();
                String g = m.group();
                if (!found.contains(g)) found.add(g);
            }
            if (first >= 0) hits.add(new Hit(ind.rule, ind.severity, ind.message, first, found));
        }
        return hits;
    }
}
