package dev.aiprov.scanner;

/**
 * Where a finding stands: a member inside a container ({@code archive/data.pkl}, or empty for the
 * file itself), a byte offset within that member (-1 when not meaningful) and, for text, a 1-based
 * line in the file as stored (0 when not text).
 */
public record Location(String member, long offset, int line) {
    public Location {
        member = member == null ? "" : member;
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
        return new Location(member.isEmpty() ? outer : outer + "/" + member, offset, line);
    }

    /** Human form: {@code member@offset}, {@code @offset} or {@code member}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(member);
        if (offset >= 0) sb.append('@').append(offset);
        return sb.toString();
    }
}
