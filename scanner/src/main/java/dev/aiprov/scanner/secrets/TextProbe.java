package dev.aiprov.scanner.secrets;

import dev.aiprov.scanner.Probe;

import java.util.Set;

/**
 * Decides whether a file is text: its head decodes as text in some encoding ({@link TextEncoding}:
 * UTF-8, UTF-16/UTF-32 with or without a byte-order mark, or clearly-text Latin-1), or it has no NUL
 * and a known text name.
 */
public final class TextProbe {
    private static final Set<String> EXTENSIONS = Set.of("md", "markdown", "json", "jsonl", "ipynb", "py", "yaml", "yml",
            "env", "txt", "cfg", "toml", "ini", "netrc", "sh", "bash", "js", "ts", "conf", "properties", "xml", "html",
            "csv", "tsv", "rst", "r", "jinja", "j2", "tf", "sql", "dockerfile", "gradio", "config", "lock");
    private static final Set<String> NAMES = Set.of("dockerfile", ".netrc", "_netrc", "netrc", ".env", "readme",
            "license", "makefile", "procfile", "requirements.txt", ".gitattributes", ".gitignore", "credentials");

    private TextProbe() {
    }

    public static boolean isText(Probe p) {
        if (p.size() == 0) return false;
        byte[] h = p.head();
        if (p.textEncoding() != null) return true;
        for (byte x : h) if (x == 0) return false;
        return knownTextName(p.fileName());
    }

    public static boolean knownTextName(String fileName) {
        if (NAMES.contains(fileName) || fileName.startsWith(".env")) return true;
        int dot = fileName.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(fileName.substring(dot + 1));
    }

    /** At most 1 in 100 bytes is a control character or part of an invalid UTF-8 sequence. */
    static boolean mostlyUtf8(byte[] h) {
        int bad = 0, i = 0;
        while (i < h.length) {
            int c = h[i] & 0xff;
            if (c < 0x80) {
                if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') bad++;
                i++;
                continue;
            }
            int need = c >= 0xf0 && c < 0xf8 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 && c < 0xe0 ? 1 : -1;
            if (c >= 0xf8) need = -1;
            if (need < 0) {
                bad++;
                i++;
                continue;
            }
            int k = 1;
            while (k <= need && i + k < h.length && (h[i + k] & 0xc0) == 0x80) k++;
            if (k <= need && i + k < h.length) bad++;
            i += k;
        }
        return bad * 100 <= h.length;
    }
}
