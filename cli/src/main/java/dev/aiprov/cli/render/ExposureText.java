package dev.aiprov.cli.render;

import dev.aiprov.graph.lineage.Exposure;
import dev.aiprov.graph.lineage.Exposure.Affected;
import dev.aiprov.graph.lineage.Exposure.NotAffected;

import java.util.List;

/** An exposure for the terminal: who is affected and the path that explains it, then who is not. */
public final class ExposureText {
    private ExposureText() {
    }

    public static String render(Exposure e) {
        StringBuilder sb = new StringBuilder("Exposure to ").append(e.artifact());
        if (e.since() != null || e.until() != null) {
            sb.append(" (revisions created ").append(window(e)).append(')');
        }
        sb.append('\n');
        List<Affected> deployments = e.affected().stream().filter(a -> a.kind().equals("deployment")).toList();
        List<Affected> spaces = e.affected().stream().filter(a -> a.kind().equals("space")).toList();
        if (e.affected().isEmpty()) {
            sb.append("NONE: no deployment or Space is affected.\n");
        } else {
            sb.append(deployments.size()).append(" deployment").append(deployments.size() == 1 ? "" : "s").append(" and ")
                    .append(spaces.size()).append(" Space").append(spaces.size() == 1 ? "" : "s").append(" affected.\n");
        }
        for (String n : e.notes()) sb.append("note: ").append(n).append('\n');
        if (!e.seeds().isEmpty()) {
            sb.append("\nCompromised repos:\n");
            for (Exposure.Seed s : e.seeds()) {
                sb.append("  ").append(s.key()).append(": ").append(s.why());
                if (!s.revisions().isEmpty()) sb.append("; revisions ").append(shortShas(s.revisions()));
                sb.append('\n');
            }
        }
        if (!deployments.isEmpty()) {
            sb.append("\nAffected deployments:\n");
            for (Affected a : deployments) entry(sb, a);
        }
        if (!spaces.isEmpty()) {
            sb.append("\nAffected Spaces:\n");
            for (Affected a : spaces) entry(sb, a);
        }
        if (!e.notAffected().isEmpty()) {
            sb.append("\nNot affected:\n");
            for (NotAffected n : e.notAffected()) {
                sb.append("  ").append(n.name()).append(" (").append(n.env() == null ? "" : n.env() + ", ")
                        .append("owner ").append(n.owner()).append("): ").append(n.reason());
                if (n.revisionDate() != null) sb.append(" (dated ").append(n.revisionDate()).append(')');
                sb.append('\n');
            }
        }
        if (!e.artifacts().isEmpty()) {
            sb.append("\nAffected models and datasets (").append(e.artifacts().size()).append("): ")
                    .append(String.join(", ", e.artifacts().subList(0, Math.min(50, e.artifacts().size()))))
                    .append(e.artifacts().size() > 50 ? ", …" : "").append('\n');
        }
        return sb.toString();
    }

    private static void entry(StringBuilder sb, Affected a) {
        sb.append("  ").append(a.name()).append(" (");
        if (a.env() != null) sb.append(a.env()).append(", ");
        sb.append("owner ").append(a.owner() == null ? "unknown" : a.owner());
        if (a.kind().equals("deployment")) sb.append(", ").append(a.pinned() ? "pinned " + LineageText.shortSha(a.revision()) : "unpinned");
        sb.append(")\n    path: ").append(String.join(" -> ", a.path())).append("\n    why:  ").append(a.reason()).append('\n');
    }

    static String window(Exposure e) {
        return (e.since() == null ? "" : "since " + e.since()) + (e.since() != null && e.until() != null ? " " : "")
                + (e.until() == null ? "" : "until " + e.until());
    }

    static String shortShas(List<String> shas) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < shas.size() && i < 10; i++) s.append(i == 0 ? "" : ", ").append(LineageText.shortSha(shas.get(i)));
        if (shas.size() > 10) s.append(", … (").append(shas.size()).append(')');
        return s.toString();
    }
}
