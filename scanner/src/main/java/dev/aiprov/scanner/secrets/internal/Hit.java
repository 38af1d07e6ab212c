package dev.aiprov.scanner.secrets.internal;

import dev.aiprov.scanner.secrets.SecretKind;

/**
 * One credential found in a buffer: {@code [start, end)} in the coordinates of the buffer that was
 * scanned (mapped back to the file by the caller), the secret {@code value} (kept in memory only, to
 * hash and redact it), {@code shown}, the part that may be displayed before the ellipsis (a family
 * prefix such as {@code hf_}, or {@code postgres://user:}), and a short {@code note} on how it was
 * found (empty, {@code decoded from base64}, ...). Never log or print {@code value}.
 */
public record Hit(SecretKind kind, int start, int end, String value, String shown, String note) {

    public Hit at(int newStart, int newEnd, String extraNote) {
        String n = note.isEmpty() ? extraNote : (extraNote.isEmpty() ? note : extraNote + ", " + note);
        return new Hit(kind, newStart, newEnd, value, shown, n);
    }

    /** Family prefix (or safe context) + ellipsis + the last 4 characters when the value is long enough. */
    public String redacted() {
        int keep = value.length() >= shownLengthOf(value) + 12 ? 4 : 0;
        return shown + "…" + value.substring(value.length() - keep);
    }

    private int shownLengthOf(String v) {
        return v.startsWith(shown) ? shown.length() : 0;
    }

    @Override
    public String toString() {
        return "Hit[" + kind + " " + start + ".." + end + " " + redacted() + "]";
    }
}
