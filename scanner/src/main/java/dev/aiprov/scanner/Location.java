package dev.aiprov.scanner;

/**
 * Where a finding stands: a member inside a container ({@code archive/data.pkl}, or empty for the
 * file itself), a byte offset within that member (-1 when not meaningful) and, for text, a 1-based
 * line in the file as stored (0 when not text) and the last line the finding covers ({@code endLine},
 * equal to {@code line} for a one-line finding such as most; larger for a PEM key or an AWS key id
 * with its secret on the next line).
 */
public record Location(String member, long offset, int line, int endLine) {
    public Location {
        member = member == null ? "" : member;
        endLine = Math.max(line, endLine);
    }

    public Location(String member, long offset, int line) {
        this(member, offset, line, line);
    }

    public static Location lines(int line, int endLine, long offset) {
        return new Location("", offset, line, endLine);
    }

    public static Location at(long offset) {
        return new Location("", offset, 0);
    }

    public static Location member(String member, long offset) {
        return new Location(member, offset, 0);
    }

    public static Location line(int line, long offset) {
        return new Location("", offset, line);
    }

    public Location withMember(String outer) {
        if (outer == null || outer.isEmpty()) return this;
        return new Location(member.isEmpty() ? outer : outer + "/" + member, offset, line, endLine);
    }

    /** Human form: {@code member@offset}, {@code @offset} or {@code member}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(member);
        if (offset >= 0) sb.append('@').append(offset);
        return sb.toString();
    }
}
