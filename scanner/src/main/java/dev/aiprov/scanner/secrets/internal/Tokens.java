package dev.aiprov.scanner.secrets.internal;

import dev.aiprov.scanner.secrets.SecretKind;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Credentials with a distinctive shape: issuer prefixes validated to their exact length and
 * alphabet (and checksum for GitHub), PEM private keys, JWTs, URLs with credentials and Telegram
 * bot tokens. Each matcher reads a bounded span forward from its anchor.
 */
final class Tokens {
    private static final IntPredicate ALPHA = Text::alpha;
    private static final IntPredicate ALNUM = Text::alnum;
    private static final IntPredicate URLSAFE = Text::urlsafe;
    private static final IntPredicate LHEX = Text::lowerHex;
    private static final IntPredicate AWS_ID = c -> (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7');
    private static final Set<String> DB_SCHEMES = Set.of("postgres", "postgresql", "mysql", "mariadb", "mongodb",
            "mongodb+srv", "redis", "rediss", "amqp", "amqps", "mssql", "sqlserver", "clickhouse", "neo4j", "bolt",
            "neo4j+s", "bolt+s", "cockroachdb", "snowflake", "oracle");
    private static final Set<String> DUMMY_PASSWORDS = Set.of("password", "pass", "passwd", "pwd", "secret", "user",
            "username", "root", "admin", "test", "demo", "guest", "x", "xxx", "changeme", "mypassword", "yourpassword",
            "postgres", "mysql", "redis", "rabbitmq", "token", "hunter2", "apikey", "api_key", "***");

    private final Engine engine;
    private int noEndUntil;

    Tokens(Engine engine) {
        this.engine = engine;
    }

    /** Number of consecutive bytes from {@code at} accepted by {@code p}, counting at most {@code max + 1}. */
    static int span(byte[] b, int at, int end, int max, IntPredicate p) {
        int n = 0;
        while (at + n < end && n <= max && p.test(b[at + n] & 0xff)) n++;
        return n;
    }

    /** Exactly {@code n} bytes of {@code p} at {@code at}, and then none of {@code stop}. */
    static boolean exact(byte[] b, int at, int end, int n, IntPredicate p, IntPredicate stop) {
        if (span(b, at, end, n, p) != n) return false;
        return at + n >= end || !stop.test(b[at + n] & 0xff);
    }

    private void emit(SecretKind kind, byte[] b, int start, int end, int prefixLen) {
        String value = Text.ascii(b, start, end);
        if (Text.isPlaceholder(value.substring(prefixLen))) return;
        engine.add(kind, start, end, value, value.substring(0, prefixLen));
    }

    void prefixed(byte[] b, int i, int end) {
        switch (b[i]) {
            case 'h' -> {
                if (Text.startsWith(b, i, end, "hf_") && exact(b, i + 3, end, 34, ALPHA, ALNUM))
                    emit(SecretKind.HUGGINGFACE_TOKEN, b, i, i + 37, 3);
            }
            case 'a' -> {
                if (Text.startsWith(b, i, end, "api_org_") && exact(b, i + 8, end, 34, ALPHA, ALNUM))
                    emit(SecretKind.HUGGINGFACE_ORG_TOKEN, b, i, i + 42, 8);
            }
            case 's' -> sk(b, i, end);
            case 'r' -> {
                if (Text.startsWith(b, i, end, "rk_live_")) stripe(b, i, end);
                else if (Text.startsWith(b, i, end, "r8_") && exact(b, i + 3, end, 37, ALNUM, URLSAFE))
                    emit(SecretKind.REPLICATE_TOKEN, b, i, i + 40, 3);
            }
            case 'A' -> {
                if (Text.startsWith(b, i, end, "AIza") && exact(b, i + 4, end, 35, URLSAFE, URLSAFE)) {
                    emit(SecretKind.GOOGLE_API_KEY, b, i, i + 39, 4);
                } else if ((Text.startsWith(b, i, end, "AKIA") || Text.startsWith(b, i, end, "ASIA")
                        || Text.startsWith(b, i, end, "ABIA") || Text.startsWith(b, i, end, "ACCA"))
                        && exact(b, i + 4, end, 16, AWS_ID, ALNUM)) {
                    aws(b, i, end);
                }
            }
            case 'g' -> github(b, i, end);
            case 'x' -> {
                if (Text.startsWith(b, i, end, "xai-") && exact(b, i + 4, end, 80, ALNUM, URLSAFE))
                    emit(SecretKind.XAI_KEY, b, i, i + 84, 4);
                else if (Text.startsWith(b, i, end, "xox") && i + 4 < end && "bpars".indexOf(b[i + 3]) >= 0 && b[i + 4] == '-')
                    slack(b, i, end);
            }
            case 'p' -> {
                if (Text.startsWith(b, i, end, "pplx-") && exact(b, i + 5, end, 48, ALNUM, URLSAFE)) {
                    emit(SecretKind.PERPLEXITY_KEY, b, i, i + 53, 5);
                } else if (Text.startsWith(b, i, end, "pcsk_")) {
                    int a = span(b, i + 5, end, 8, ALNUM);
                    if (a >= 4 && a <= 8 && i + 5 + a < end && b[i + 5 + a] == '_') {
                        int c = span(b, i + 6 + a, end, 90, ALNUM);
                        int stop = i + 6 + a + c;
                        if (c >= 40 && c <= 90 && (stop >= end || !Text.urlsafe(b[stop])))
                            emit(SecretKind.PINECONE_KEY, b, i, stop, 5);
                    }
                } else if (Text.startsWith(b, i, end, "password")) {
                    engine.netrc(b, i, end);
                }
            }
            case 'l' -> {
                if ((Text.startsWith(b, i, end, "lsv2_pt_") || Text.startsWith(b, i, end, "lsv2_sk_"))
                        && exact(b, i + 8, end, 32, LHEX, ALNUM) && i + 40 < end && b[i + 40] == '_'
                        && exact(b, i + 41, end, 10, LHEX, ALNUM))
                    emit(SecretKind.LANGSMITH_KEY, b, i, i + 51, 8);
            }
            case 'e' -> {
                if (Text.startsWith(b, i, end, "eyJ")) jwt(b, i, end);
            }
            case 't' -> {
                if (Text.startsWith(b, i, end, "tgp_v1_")) {
                    int n = span(b, i + 7, end, 50, URLSAFE);
                    if (n >= 40 && n <= 50) emit(SecretKind.TOGETHER_KEY, b, i, i + 7 + n, 7);
                }
            }
            default -> {
            }
        }
    }

    private void sk(byte[] b, int i, int end) {
        if (Text.startsWith(b, i, end, "sk_live_")) {
            stripe(b, i, end);
            return;
        }
        if (!Text.startsWith(b, i, end, "sk-")) return;
        if (Text.startsWith(b, i, end, "sk-ant-api03-") || Text.startsWith(b, i, end, "sk-ant-admin01-")) {
            int p = b[i + 7] == 'a' && b[i + 8] == 'p' ? i + 13 : i + 15;
            int n = span(b, p, end, 95, URLSAFE);
            if (n == 95 && b[p + 93] == 'A' && b[p + 94] == 'A') emit(SecretKind.ANTHROPIC_KEY, b, i, p + 95, p - i);
            return;
        }
        if (Text.startsWith(b, i, end, "sk-or-v1-")) {
            if (exact(b, i + 9, end, 64, LHEX, ALNUM)) emit(SecretKind.OPENROUTER_KEY, b, i, i + 73, 9);
            return;
        }
        int p = i + 3;
        for (String fam : new String[]{"proj-", "svcacct-", "admin-"}) {
            if (Text.startsWith(b, p, end, fam)) {
                p += fam.length();
                int n = span(b, p, end, 200, URLSAFE);
                int mark = indexOf(b, p, p + n, "T3BlbkFJ");
                if (mark < 0) return;
                int before = mark - p, after = p + n - mark - 8;
                if (okOpenAiHalf(before) && okOpenAiHalf(after)) emit(SecretKind.OPENAI_KEY, b, i, p + n, p - i);
                return;
            }
        }
        if (span(b, p, end, 19, ALNUM) == 20) {
            if (Text.startsWith(b, p + 20, end, "T3BlbkFJ") && exact(b, p + 28, end, 20, ALNUM, URLSAFE))
                emit(SecretKind.OPENAI_KEY, b, i, p + 48, 3);
        }
    }

    private static boolean okOpenAiHalf(int n) {
        return n == 20 || n == 58 || n == 74;
    }

    private static int indexOf(byte[] b, int from, int to, String s) {
        for (int k = from; k + s.length() <= to; k++) if (Text.startsWith(b, k, to, s)) return k;
        return -1;
    }

    private void stripe(byte[] b, int i, int end) {
        int n = span(b, i + 8, end, 99, ALNUM);
        if (n >= 24 && n <= 99 && (i + 8 + n >= end || !Text.urlsafe(b[i + 8 + n])))
            emit(SecretKind.STRIPE_KEY, b, i, i + 8 + n, 8);
    }

    private void github(byte[] b, int i, int end) {
        if (i + 4 < end && b[i + 1] == 'h' && "pousr".indexOf(b[i + 2]) >= 0 && b[i + 3] == '_') {
            if (exact(b, i + 4, end, 36, ALNUM, URLSAFE)) {
                String tok = Text.ascii(b, i, i + 40);
                if (Text.githubChecksumValid(tok)) emit(SecretKind.GITHUB_TOKEN, b, i, i + 40, 4);
            }
        } else if (Text.startsWith(b, i, end, "github_pat_")) {
            if (span(b, i + 11, end, 22, ALNUM) == 22 && i + 33 < end && b[i + 33] == '_'
                    && exact(b, i + 34, end, 59, ALNUM, URLSAFE))
                emit(SecretKind.GITHUB_FINE_GRAINED_PAT, b, i, i + 93, 11);
        } else if (Text.startsWith(b, i, end, "glpat-")) {
            int n = span(b, i + 6, end, 64, URLSAFE);
            if (n >= 20 && n <= 64) {
                int stop = i + 6 + n;
                if (stop < end && b[stop] == '.') stop += 1 + span(b, stop + 1, end, 40, c -> Text.alnum(c) || c == '.');
                emit(SecretKind.GITLAB_TOKEN, b, i, stop, 6);
            }
        } else if (Text.startsWith(b, i, end, "gsk_") && exact(b, i + 4, end, 52, ALNUM, URLSAFE)) {
            emit(SecretKind.GROQ_KEY, b, i, i + 56, 4);
        }
    }

    private void slack(byte[] b, int i, int end) {
        int p = i + 5, numeric = 0;
        while (numeric < 3) {
            int d = span(b, p, end, 14, Text::digit);
            if (d < 8 || d > 14 || p + d >= end || b[p + d] != '-') break;
            p += d + 1;
            numeric++;
        }
        int n = span(b, p, end, 64, ALNUM);
        if (numeric >= 1 && n >= 24 && n <= 64 && (p + n >= end || !Text.urlsafe(b[p + n])))
            emit(SecretKind.SLACK_TOKEN, b, i, p + n, 5);
    }

    /** AKIA... with a 40-character secret within 600 bytes is reported as a pair; alone, as a key id. */
    private void aws(byte[] b, int i, int end) {
        int lo = Math.max(0, i - 600), hi = Math.min(end, i + 620);
        for (int k = lo; k < hi; k++) {
            if (!Text.b64(b[k]) || (k > 0 && Text.b64(b[k - 1]))) continue;
            int n = span(b, k, hi, 40, Text::b64);
            if (n == 40 && (k + 40 >= end || (b[k + 40] != '=' && !Text.urlsafe(b[k + 40])))) {
                String s = Text.ascii(b, k, k + 40);
                if (mixed(s) && Text.entropy(s) > 4.0 && !Text.isPlaceholder(s)) {
                    String id = Text.ascii(b, i, i + 20);
                    // the finding covers the key id and its secret (often on the next line)
                    engine.add(SecretKind.AWS_CREDENTIALS, Math.min(i, k), Math.max(i + 20, k + 40), id + ":" + s,
                            id.substring(0, 4));
                    return;
                }
            }
            k += Math.max(0, n - 1);
        }
        emit(SecretKind.AWS_ACCESS_KEY_ID, b, i, i + 20, 4);
    }

    private static boolean mixed(String s) {
        boolean up = false, lo = false, dg = false;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            up |= c >= 'A' && c <= 'Z';
            lo |= c >= 'a' && c <= 'z';
            dg |= (c >= '0' && c <= '9') || c == '/' || c == '+';
        }
        return up && lo && dg;
    }

    private void jwt(byte[] b, int i, int end) {
        int a = span(b, i, end, 2048, URLSAFE);
        if (a < 10 || i + a >= end || b[i + a] != '.') return;
        int p = i + a + 1;
        int c = span(b, p, end, 16384, URLSAFE);
        if (c < 10 || p + c >= end || b[p + c] != '.') return;
        int q = p + c + 1;
        int s = span(b, q, end, 1024, URLSAFE);
        if (s < 16) return;
        String header;
        try {
            header = new String(Base64.getUrlDecoder().decode(Text.ascii(b, i, i + Math.min(a, 1024) / 4 * 4)),
                    StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (!header.startsWith("{") || !header.contains("\"alg\"")) return;
        engine.add(SecretKind.JWT, i, q + s, Text.ascii(b, i, q + s), "eyJ");
    }

    /** {@code -----BEGIN ... PRIVATE KEY-----} up to its END line; JSON-escaped newlines are fine. */
    void pem(byte[] b, int i, int end) {
        int p = i + 11;
        int label = span(b, p, end, 40, c -> (c >= 'A' && c <= 'Z') || c == ' ');
        String head = Text.ascii(b, p, p + label);
        if (!(head.endsWith("PRIVATE KEY") || head.endsWith("PRIVATE KEY BLOCK"))
                || !Text.startsWith(b, p + label, end, "-----")) return;
        int bodyStart = p + label + 5;
        int stop = Math.min(end, bodyStart + 16384);
        // a failed search already proved [.., noEndUntil) holds no END line: never rescan it (linear on hostile input)
        int from = bodyStart < noEndUntil ? Math.max(bodyStart, noEndUntil - 8) : bodyStart;
        int endMark = indexOf(b, from, stop, "-----END");
        if (endMark < 0) {
            noEndUntil = Math.max(noEndUntil, stop);
            return;
        }
        StringBuilder body = new StringBuilder();
        for (int k = bodyStart; k < endMark; k++) {
            int ch = b[k];
            if (ch == '\\' && k + 1 < endMark && (b[k + 1] == 'n' || b[k + 1] == 'r')) {
                k++;
            } else if (Text.b64(ch) || ch == '=') {
                body.append((char) ch);
            }
        }
        if (body.length() < 64) return;
        String v = body.toString();
        if (Text.isPlaceholder(v) || Text.containsIgnoreCase(b, bodyStart, endMark, "...")) return;
        int close = indexOf(b, endMark + 8, Math.min(end, endMark + 80), "-----");
        int stopAt = close < 0 ? endMark + 8 : close + 5;
        SecretKind kind = SecretKind.PRIVATE_KEY;
        if (Text.containsIgnoreCase(b, i - 40, i, "private_key")
                && Text.containsIgnoreCase(b, Math.max(0, i - 4096), Math.min(end, stopAt + 4096), "\"client_email\"")) {
            kind = SecretKind.GCP_SERVICE_ACCOUNT;
        }
        engine.add(kind, i, stopAt, v, "-----BEGIN " + head + "-----");
    }

    /** {@code scheme://user:password@host} (database URIs and others) and Slack webhooks. */
    void url(byte[] b, int colon, int end) {
        int s = colon;
        while (s > 0 && colon - s < 20) {
            int c = b[s - 1];
            if (Text.alnum(c) || c == '+' || c == '.' || c == '-') s--;
            else break;
        }
        if (s == colon) return;
        String scheme = Text.ascii(b, s, colon).toLowerCase(Locale.ROOT);
        int a = colon + 3;
        int stop = a;
        int at = -1;
        while (stop < end && stop - a < 512) {
            int c = b[stop];
            if (c == '/' || c == '?' || c == '#' || c <= ' ' || c == '"' || c == '\'' || c == '`' || c == '<'
                    || c == '>' || c == '\\' || c == ')' || c == ']' || c == ',') break;
            if (c == '@') at = stop;
            stop++;
        }
        if (at < 0) {
            if (Text.startsWith(b, a, end, "hooks.slack.com/services/")) slackWebhook(b, s, a + 25, end);
            return;
        }
        int sep = -1;
        for (int k = a; k < at; k++) if (b[k] == ':') { sep = k; break; }
        if (sep < 0 || sep + 1 >= at) return;
        String user = Text.ascii(b, a, sep);
        String pass = percentDecode(Text.ascii(b, sep + 1, at));
        String lp = pass.toLowerCase(Locale.ROOT);
        if (DUMMY_PASSWORDS.contains(lp) || lp.startsWith("$") || lp.startsWith("%") || Text.isPlaceholder(pass)) return;
        if (user.length() > 32) user = user.substring(0, 32);
        SecretKind kind = DB_SCHEMES.contains(scheme) || scheme.startsWith("jdbc") ? SecretKind.CONNECTION_URI
                : SecretKind.URL_CREDENTIALS;
        engine.add(kind, s, at, pass, scheme + "://" + user + ":");
    }

    private void slackWebhook(byte[] b, int s, int p, int end) {
        int t = span(b, p, end, 12, ALNUM);
        if (t < 9 || b[p] != 'T' || p + t >= end || b[p + t] != '/') return;
        int q = p + t + 1;
        int u = span(b, q, end, 12, ALNUM);
        if (u < 9 || b[q] != 'B' || q + u >= end || b[q + u] != '/') return;
        int r = q + u + 1;
        if (!exact(b, r, end, 24, ALNUM, URLSAFE)) return;
        String v = Text.ascii(b, p, r + 24);
        if (Text.isPlaceholder(Text.ascii(b, r, r + 24))) return;
        engine.add(SecretKind.SLACK_WEBHOOK, s, r + 24, v, "https://hooks.slack.com/services/");
    }

    /** {@code 123456789:AA...} (35 characters after the colon) with "AA" or a bot/telegram context. */
    void telegram(byte[] b, int colon, int end) {
        int d = 0;
        while (colon - d > 0 && d <= 10 && Text.digit(b[colon - d - 1])) d++;
        if (d < 8 || d > 10 || !Engine.boundary(b, colon - d)) return;
        if (!exact(b, colon + 1, end, 35, URLSAFE, URLSAFE)) return;
        boolean aa = b[colon + 1] == 'A' && b[colon + 2] == 'A';
        if (!aa && !Text.containsIgnoreCase(b, colon - 200, colon, "telegram")
                && !Text.containsIgnoreCase(b, colon - 200, colon, "bot")) return;
        String v = Text.ascii(b, colon - d, colon + 36);
        if (Text.isPlaceholder(Text.ascii(b, colon + 1, colon + 36))) return;
        engine.add(SecretKind.TELEGRAM_BOT_TOKEN, colon - d, colon + 36, v, "");
    }

    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) return s;
        StringBuilder out = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '%' && k + 2 < s.length() && Text.hex(s.charAt(k + 1)) && Text.hex(s.charAt(k + 2))) {
                out.append((char) Integer.parseInt(s.substring(k + 1, k + 3), 16));
                k += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
