package dev.aiprov.scanner.formats.internal;

import dev.aiprov.scanner.Rule;
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
    public record Hit(Rule rule, Severity severity, String message, int index, List<String> matches) {
    }

    private record Indicator(Rule rule, Severity severity, String message, Pattern pattern) {
    }

    private static final List<Indicator> INDICATORS = List.of(
            new Indicator(Rule.GGUF_CHAT_TEMPLATE_PYTHON_INTERNALS, Severity.CRITICAL,
                    "chat template reaches Python internals through dunder attributes",
                    Pattern.compile("__[A-Za-z][A-Za-z0-9_]*__|\\bmro\\b|\\bfunc_globals\\b")),
            new Indicator(Rule.GGUF_CHAT_TEMPLATE_CODE_EXECUTION, Severity.CRITICAL,
                    "chat template names process or code execution primitives",
                    Pattern.compile("\\bpopen\\b|\\bsubprocess\\b|\\bos\\s*\\.\\s*[a-z_]+|\\bsystem\\s*\\(|"
                            + "\\beval\\s*\\(|\\bexec(file)?\\s*\\(|\\bimport_module\\b|\\bcheck_output\\b|"
                            + "\\bbuiltins\\b|\\bsys\\s*\\.\\s*modules\\b", Pattern.CASE_INSENSITIVE)),
            new Indicator(Rule.GGUF_CHAT_TEMPLATE_SANDBOX_ESCAPE, Severity.HIGH,
                    "chat template uses constructs that hide attribute access from filters",
                    Pattern.compile("\\|\\s*attr\\s*\\(|(?i:\\\\x5f|\\\\u005f|\\\\U0000005f|\\\\N\\{)|\\\\137|\\blipsum\\b|\\bcycler\\b|\\bjoiner\\b|"
                            + "\\bself\\s*\\.\\s*_|\\bgetattr\\s*\\(|\\brequest\\s*\\.\\s*application\\b|"
                            + "\\|\\s*format\\s*\\(\\s*['\"]?%c|\\bfrom_pyfile\\b")));

    /** A subscript key (after a name, call or subscript): Jinja's {@code x[k]} falls back to {@code getattr(x, k)}. */
    private static final Pattern SUBSCRIPT = Pattern.compile("(?<=[\\w)\\]])\\s*\\[([^\\[\\]]*)\\]");
    /** Attribute names Jinja's filters and tests look up: {@code map(attribute=k)}, {@code selectattr(k)}, ... */
    private static final Pattern ATTRIBUTE_ARG = Pattern.compile(
            "\\battribute\\s*=\\s*([^,)]*)|\\b(?:selectattr|rejectattr|groupby)\\s*\\(\\s*([^,)]*)");
    /** {@code set name = expr}: a key held in a variable is judged by how the variable was built. */
    private static final Pattern SET = Pattern.compile("\\bset\\s+([A-Za-z_][\\w.]*)\\s*=\\s*(.*?)-?%}", Pattern.DOTALL);
    /** Building a string at render time: concatenation, repetition, formatting, joining, reversing, adjacent literals. */
    private static final Pattern BUILT = Pattern.compile("~|\\|\\s*(?:join|format|reverse|replace|string|lower|upper"
            + "|title|capitalize|center|trim|first|last|list)\\b|\\.\\s*(?:format|join|replace|lower|upper)\\s*\\("
            + "|['\"]\\s*['\"]|['\"]\\s*[*+%]|[*+%]\\s*['\"]|['\"]_");
    private static final Pattern PLAIN_NAME = Pattern.compile("['\"][A-Za-z0-9][A-Za-z0-9_.]*['\"]");

    private ChatTemplateRules() {
    }

    /**
     * Attribute or item names computed at render time ({@code ()['_'*2 ~ 'class' ~ '_'*2]},
     * {@code x['__cla' 'ss__']}, {@code map(attribute=parts|join)}): the way to reach internals
     * without writing a dunder. Real templates index with literals, numbers and loop variables.
     */
    private static Hit dynamicAttribute(String template) {
        java.util.Set<String> builtVars = new java.util.HashSet<>();
        Matcher set = SET.matcher(template);
        while (set.find()) {
            if (BUILT.matcher(set.group(2)).find() || builtVars.stream().anyMatch(v -> mentions(set.group(2), v))) {
                builtVars.add(set.group(1));
            }
        }
        List<String> found = new ArrayList<>();
        int first = -1;
        for (Pattern p : List.of(SUBSCRIPT, ATTRIBUTE_ARG)) {
            Matcher m = p.matcher(template);
            while (m.find()) {
                String key = m.group(1) != null ? m.group(1) : m.groupCount() > 1 ? m.group(2) : null;
                if (key == null || !dynamicKey(key.strip(), p == ATTRIBUTE_ARG, builtVars)) continue;
                if (first < 0 || m.start() < first) first = m.start();
                if (found.size() < 5 && !found.contains(m.group())) found.add(m.group());
            }
        }
        return first < 0 ? null : new Hit(Rule.GGUF_CHAT_TEMPLATE_DYNAMIC_ATTRIBUTE, Severity.HIGH,
                "chat template looks up an attribute or item whose name is built at render time", first, found);
    }

    private static boolean dynamicKey(String key, boolean attributeName, java.util.Set<String> builtVars) {
        if (key.isEmpty() || PLAIN_NAME.matcher(key).matches()) return false;
        if (BUILT.matcher(key).find()) return true;
        if (builtVars.stream().anyMatch(v -> mentions(key, v))) return true;
        // an attribute name must be a literal: a variable there is a lookup chosen at render time
        return attributeName;
    }

    private static boolean mentions(String expr, String var) {
        return Pattern.compile("(?<![\\w.])" + Pattern.quote(var) + "(?![\\w])").matcher(expr).find();
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
        Hit dynamic = dynamicAttribute(template);
        if (dynamic != null) hits.add(dynamic);
        return hits;
    }
}
