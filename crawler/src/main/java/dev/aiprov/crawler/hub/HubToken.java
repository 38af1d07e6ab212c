package dev.aiprov.crawler.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** A Hub access token. {@link #toString()} never shows it; only the auth interceptor reads {@link #value()}. */
public final class HubToken {
    /** How long a {@link #fromCommand token command} may run. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** Most bytes read from a token command's standard output. */
    public static final int MAX_COMMAND_OUTPUT = 4096;

    private final String value;
    private final String source;

    private HubToken(String value, String source) {
        this.value = value;
        this.source = source;
    }

    public static HubToken of(String value, String source) {
        String v = Objects.requireNonNull(value, "value").strip();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("empty token from " + source);
        }
        return new HubToken(v, source);
    }

    /**
     * Runs {@code command} once with {@code sh -c}, exactly as the user typed it (so quoting and
     * pipes work as in a shell), and reads the token from its standard output: one line, one trailing
     * newline removed. Standard input is empty and standard error is discarded. Fails with an
     * {@link IllegalArgumentException} whose message never holds the command's output (it may be the
     * secret): when the command cannot start, exits non-zero, runs longer than {@code timeout},
     * prints more than {@link #MAX_COMMAND_OUTPUT} bytes, or prints something that is not one token.
     *
     * @param source what to call it in messages ({@code --token-command}, {@code AIPROV_HF_TOKEN_COMMAND})
     */
    public static HubToken fromCommand(String command, String source, Duration timeout) {
        if (command == null || command.isBlank()) throw new IllegalArgumentException(source + " is empty");
        Process p;
        try {
            p = new ProcessBuilder(List.of("sh", "-c", command))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " could not be started: " + e.getMessage());
        }
        byte[] out;
        try {
            var reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> readCapped(p.getInputStream()));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalArgumentException(source + " did not finish within " + timeout.toSeconds() + " s");
            }
            out = reader.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException(source + " was interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new IllegalArgumentException(source + ": its output could not be read");
        }
        if (p.exitValue() != 0) {
            throw new IllegalArgumentException(source + " failed with exit code " + p.exitValue() + " (its output is not shown)");
        }
        if (out == null) {
            throw new IllegalArgumentException(source + " printed more than " + MAX_COMMAND_OUTPUT + " bytes (its output is not shown)");
        }
        String s = new String(out, StandardCharsets.UTF_8);
        if (s.endsWith("\r\n")) s = s.substring(0, s.length() - 2);
        else if (s.endsWith("\n")) s = s.substring(0, s.length() - 1);
        if (s.isEmpty()) throw new IllegalArgumentException(source + " printed no token");
        if (s.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException(source + " printed something other than one token on one line (its output is not shown)");
        }
        return new HubToken(s, source);
    }

    /** Up to {@link #MAX_COMMAND_OUTPUT} bytes, or null when there is more. */
    private static byte[] readCapped(InputStream in) {
        try (in) {
            byte[] b = in.readNBytes(MAX_COMMAND_OUTPUT + 1);
            if (b.length <= MAX_COMMAND_OUTPUT) return b;
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String value() {
        return value;
    }

    /** Where the token came from ({@code HF_TOKEN}, a file path, ...), safe to print. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "HubToken[from " + source + "]";
    }
}
