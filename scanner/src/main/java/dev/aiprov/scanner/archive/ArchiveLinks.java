package dev.aiprov.scanner.archive;

import dev.aiprov.scanner.Location;
import dev.aiprov.scanner.Rule;
import dev.aiprov.scanner.ScanContext;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Link members of archives (tar symlinks and hard links, zip entries with symlink mode bits): a
 * link to an absolute path or out of the extraction directory lets a later member, or the loader,
 * read or write outside it. Such links are {@code ARCHIVE_LINK_ESCAPE} (high); links that stay
 * inside are {@code ARCHIVE_LINK} (low, reported once per archive by the caller's aggregation).
 */
final class ArchiveLinks {
    private ArchiveLinks() {
    }

    /**
     * True when {@code target}, resolved against the directory of {@code member} (or against the
     * archive root for a hard link), is absolute or climbs above the root.
     */
    static boolean escapes(String member, String target, boolean relativeToRoot) {
        String t = target.replace('\\', '/');
        if (t.isEmpty() || t.startsWith("/") || t.matches("^[A-Za-z]:.*")) return !t.isEmpty();
        Deque<String> path = new ArrayDeque<>();
        if (!relativeToRoot) {
            String[] parts = member.replace('\\', '/').split("/");
            for (int i = 0; i < parts.length - 1; i++) push(path, parts[i]);
            if (path.contains("..")) return true;
        }
        for (String p : t.split("/")) {
            if (!push(path, p)) return true;
        }
        return false;
    }

    private static boolean push(Deque<String> path, String p) {
        if (p.isEmpty() || p.equals(".")) return true;
        if (p.equals("..")) {
            if (path.isEmpty()) return false;
            path.removeLast();
            return true;
        }
        path.addLast(p);
        return true;
    }

    static void report(ScanContext ctx, String member, String target, boolean hard, long offset) {
        String kind = hard ? "hard link" : "symbolic link";
        String shown = clip(member) + " -> " + clip(target);
        if (escapes(member, target, hard)) {
            ctx.report(Rule.ARCHIVE_LINK_ESCAPE, kind + " member points outside the archive (an extractor follows it to"
                    + " read or overwrite files elsewhere)", Location.at(offset), shown);
        } else {
            ctx.report(Rule.ARCHIVE_LINK, kind + " member inside the archive", Location.at(offset), shown);
        }
    }

    private static String clip(String s) {
        String c = s.replaceAll("[^\\x20-\\x7e]", "?");
        return c.length() > 120 ? c.substring(0, 120) + "..." : c;
    }
}
