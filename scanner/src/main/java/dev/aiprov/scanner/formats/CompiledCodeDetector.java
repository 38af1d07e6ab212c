package dev.aiprov.scanner.formats;

import dev.aiprov.scanner.AbstractDetector;
import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Probe;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanContext;
import dev.aiprov.scanner.io.ByteSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Compiled code: Python bytecode ({@code .pyc}) and native libraries (ELF, PE, Mach-O, static
 * archives). Nothing in them can be judged statically, and importing them runs them, so in a model
 * or Space repo each is a finding ({@code COMPILED_PYTHON}, {@code NATIVE_LIBRARY}, medium). A
 * {@code __pycache__/X.*.pyc} whose recorded source size matches the {@code X.py} beside it is only
 * the interpreter's cache of that source ({@code COMPILED_PYTHON_CACHE}, info).
 */
public final class CompiledCodeDetector extends AbstractDetector {
    public static final String ID = "compiled";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return -5;
    }

    @Override
    public boolean accepts(Probe p) {
        return kind(p.head()) != null;
    }

    static String kind(byte[] h) {
        if (h.length >= 16 && h[2] == '\r' && h[3] == '\n' && (h[1] & 0xff) == 0x0d) return "pyc"; // CPython 3.x magic
        if (h.length >= 4 && h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F') return "elf";
        if (h.length >= 64 && h[0] == 'M' && h[1] == 'Z') return "pe";
        if (h.length >= 4) {
            long m = (h[0] & 0xffL) << 24 | (h[1] & 0xffL) << 16 | (h[2] & 0xffL) << 8 | (h[3] & 0xffL);
            if (m == 0xfeedfaceL || m == 0xfeedfacfL || m == 0xcefaedfeL || m == 0xcffaedfeL) return "mach-o";
        }
        if (h.length >= 8 && new String(h, 0, 8, java.nio.charset.StandardCharsets.ISO_8859_1).equals("!<arch>\n")) {
            return "static-library";
        }
        return null;
    }

    @Override
    public void scan(ScanContext ctx, ByteSource source) throws IOException {
        byte[] h = source.readFully(0, (int) Math.min(64, source.size()));
        String kind = kind(h);
        if (kind == null) return;
        ctx.format(kind);
        if (kind.equals("pyc")) {
            if (cacheOfSourceBeside(ctx.path(), h)) {
                ctx.report(Rule.COMPILED_PYTHON_CACHE, "the interpreter's bytecode cache of the source file"
                        + " beside it", Location.at(0), "");
            } else {
                ctx.report(Rule.COMPILED_PYTHON, "compiled Python without its source: importing it runs"
                        + " code that cannot be reviewed", Location.at(0), "");
            }
            return;
        }
        ctx.report(Rule.NATIVE_LIBRARY, kind + " native code: loading or importing it runs machine code"
                + " that cannot be reviewed", Location.at(0), kind);
    }

    /** A {@code dir/__pycache__/name.tag.pyc} whose header records the size of {@code dir/name.py} (PEP 552). */
    static boolean cacheOfSourceBeside(String path, byte[] h) {
        if (path == null || path.contains("!") || h.length < 16) return false;
        try {
            Path p = Path.of(path);
            Path dir = p.getParent();
            if (dir == null || dir.getFileName() == null || !dir.getFileName().toString().equals("__pycache__")) return false;
            String name = p.getFileName().toString();
            int dot = name.indexOf('.');
            if (dot <= 0 || !name.endsWith(".pyc")) return false;
            Path src = dir.resolveSibling(name.substring(0, dot) + ".py");
            if (!Files.isRegularFile(src)) return false;
            int flags = (h[4] & 0xff) | (h[5] & 0xff) << 8;
            if ((flags & 1) != 0) return true; // hash-based pyc: checked against the source by the interpreter
            long size = (h[12] & 0xffL) | (h[13] & 0xffL) << 8 | (h[14] & 0xffL) << 16 | (h[15] & 0xffL) << 24;
            return size == (Files.size(src) & 0xffffffffL);
        } catch (InvalidPathException | IOException | SecurityException e) {
            return false;
        }
    }
}
