package dev.aiprov.crawler.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where and as whom to reach the Hub. {@link #resolve} follows huggingface_hub's lookup order:
 * endpoint from the explicit option, else {@code HF_ENDPOINT}, else {@code https://huggingface.co};
 * token from a token already resolved by the caller, else the explicit token file, else
 * {@code HF_TOKEN} (legacy {@code HUGGING_FACE_HUB_TOKEN}), else {@code $HF_TOKEN_PATH} or
 * {@code $HF_HOME/token} ({@code HF_HOME} defaulting to {@code $XDG_CACHE_HOME/huggingface} or
 * {@code ~/.cache/huggingface}). No token is fine: anonymous. A token command is run only by
 * {@link #resolveToken(String, Path, Function, Path)}, once, by the command line.
 */
public record HubSettings(String endpoint, HubToken token, String userAgent, Duration readTimeout,
                          HubClock clock, HubLog log, long jitterSeed) {

    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    public static final String VERSION = "0.1.0";

    public HubSettings {
        endpoint = stripSlash(Objects.requireNonNull(endpoint, "endpoint"));
        userAgent = userAgent == null ? "aiprov/" + VERSION : userAgent;
        readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
        clock = clock == null ? HubClock.SYSTEM : clock;
        log = log == null ? HubLog.SYSTEM : log;
    }

    /** Anonymous settings for an endpoint, system clock. */
    public static HubSettings of(String endpoint) {
        return new HubSettings(endpoint, null, null, null, null, null, System.nanoTime());
    }

    /**
     * @param endpointOption explicit endpoint or null
     * @param tokenFileOption explicit token file or null
     * @param env environment lookup ({@code System::getenv} in production)
     * @param userHome the user's home, for {@code ~/.cache/huggingface}
     */
    public static HubSettings resolve(String endpointOption, Path tokenFileOption, Function<String, String> env,
                                      Path userHome) {
        return resolve(endpointOption, null, tokenFileOption, env, userHome);
    }

    /** As {@link #resolve(String, Path, Function, Path)}, but a non-null {@code token} is used as it is. */
    public static HubSettings resolve(String endpointOption, HubToken token, Path tokenFileOption,
                                      Function<String, String> env, Path userHome) {
        String endpoint = firstNonBlank(endpointOption, env.apply("HF_ENDPOINT"), DEFAULT_ENDPOINT);
        return new HubSettings(endpoint, token != null ? token : resolveToken(tokenFileOption, env, userHome), null, null,
                null, null, System.nanoTime());
    }

    /**
     * The token the command line uses, in this order: {@code --token-command}, {@code --token-file},
     * {@code AIPROV_HF_TOKEN_COMMAND}, {@code HF_TOKEN} (legacy {@code HUGGING_FACE_HUB_TOKEN}),
     * {@code $HF_TOKEN_PATH} or {@code $HF_HOME/token}; null when there is none (anonymous). A
     * command is run at most once, here ({@link HubToken#fromCommand}).
     *
     * @throws IllegalArgumentException a command that failed, or a missing explicit token file
     */
    public static HubToken resolveToken(String tokenCommandOption, Path tokenFileOption, Function<String, String> env,
                                        Path userHome) {
        if (tokenCommandOption != null) {
            return HubToken.fromCommand(tokenCommandOption, "--token-command", HubToken.COMMAND_TIMEOUT);
        }
        String envCommand = env.apply("AIPROV_HF_TOKEN_COMMAND");
        if (tokenFileOption == null && envCommand != null && !envCommand.isBlank()) {
            return HubToken.fromCommand(envCommand, "AIPROV_HF_TOKEN_COMMAND", HubToken.COMMAND_TIMEOUT);
        }
        return resolveToken(tokenFileOption, env, userHome);
    }

    static HubToken resolveToken(Path tokenFileOption, Function<String, String> env, Path userHome) {
        if (tokenFileOption != null) {
            HubToken t = readTokenFile(tokenFileOption);
            if (t == null) {
                throw new IllegalArgumentException("token file is missing or empty: " + tokenFileOption);
            }
            return t;
        }
        for (String var : new String[] {"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"}) {
            String v = env.apply(var);
            if (v != null && !v.isBlank()) {
                return HubToken.of(v, var);
            }
        }
        String tokenPath = env.apply("HF_TOKEN_PATH");
        if (tokenPath != null && !tokenPath.isBlank()) {
            return readTokenFile(Path.of(tokenPath));
        }
        Path hfHome;
        String home = env.apply("HF_HOME");
        String xdg = env.apply("XDG_CACHE_HOME");
        if (home != null && !home.isBlank()) {
            hfHome = Path.of(home);
        } else if (xdg != null && !xdg.isBlank()) {
            hfHome = Path.of(xdg, "huggingface");
        } else {
            hfHome = userHome.resolve(".cache").resolve("huggingface");
        }
        return readTokenFile(hfHome.resolve("token"));
    }

    private static HubToken readTokenFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            if (Files.size(file) > 4096) {
                throw new IllegalArgumentException("token file too large: " + file);
            }
            String v = Files.readString(file, StandardCharsets.UTF_8).strip();
            return v.isEmpty() ? null : HubToken.of(v, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read token file " + file, e);
        }
    }

    public HubSettings withClock(HubClock c) {
        return new HubSettings(endpoint, token, userAgent, readTimeout, c, log, jitterSeed);
    }

    public HubSettings withReadTimeout(Duration d) {
        return new HubSettings(endpoint, token, userAgent, d, clock, log, jitterSeed);
    }

    public HubSettings withLog(HubLog l) {
        return new HubSettings(endpoint, token, userAgent, readTimeout, clock, l, jitterSeed);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static String stripSlash(String s) {
        String r = s.strip();
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }

    @Override
    public String toString() {
        return "HubSettings[" + endpoint + (token == null ? ", anonymous" : ", token from " + token.source()) + "]";
    }
}
