package dev.aiprov.scanner.secrets.internal;

import dev.aiprov.scanner.secrets.SecretKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keys without a distinctive prefix, recognised by where they stand: {@code NAME = "value"},
 * {@code "name": "value"}, {@code NAME: value}, {@code ?token=value}, {@code Client("value")},
 * {@code .netrc} passwords. The name, the callee or text within 300 bytes names the provider
 * (cohere, mistral, wandb, azure, pinecone, together, aws); otherwise a secret-like name with a
 * high-entropy value is a {@link SecretKind#GENERIC} finding.
 */
final class Assignments {
    private static final int CONTEXT = 300;
    private static final Set<String> SECRET_WORDS = Set.of("token", "secret", "password", "passwd", "pwd", "pass",
            "apikey", "credential", "credentials", "bearer", "auth", "authorization", "accesstoken", "authtoken",
            "secretkey", "privatekey", "clientsecret", "passphrase");
    private static final Set<String> KEY_QUALIFIERS = Set.of("api", "access", "secret", "private", "auth", "client",
            "app", "service", "master", "signing", "encryption", "account", "admin", "subscription", "write", "read",
            "hf", "openai", "cohere", "mistral", "wandb", "pinecone", "together", "azure", "groq", "anthropic");
    private static final Set<String> NOT_SECRET = Set.of("pad", "bos", "eos", "unk", "sep", "cls", "mask", "additional",
            "special", "max", "min", "num", "count", "length", "len", "id", "ids", "type", "limit", "usage", "size",
            "class", "path", "file", "dir", "url", "uri", "endpoint", "name", "env", "var", "header", "prefix", "suffix",
            "format", "template", "hash", "sha", "sha1", "sha256", "digest", "checksum", "oid", "commit", "etag",
            "revision", "public", "pub", "cache", "sort", "primary", "foreign", "index", "map", "field", "column",
            "label", "tokenizer", "input", "output", "expires", "expiry", "ttl", "policy", "fingerprint",
            "kid", "placeholder", "example", "hint", "description", "regex", "pattern", "tokens", "budget", "lifetime");
    private static final Set<String> URL_PARAMS = Set.of("token", "access_token", "api_key", "apikey", "key", "auth",
            "auth_token", "password", "secret", "client_secret", "private_token", "sig", "signature", "x-amz-signature",
            "api-key", "hf_token", "refresh_token", "id_token", "session", "sessionid", "code");
    private static final String[] PROVIDERS = {"wandb", "cohere", "mistral", "azure", "pinecone", "together"};

    private final Engine engine;

    Assignments(Engine engine) {
        this.engine = engine;
    }

    /** An assignment operator at {@code p}: {@code =} or {@code :}. */
    void at(byte[] b, int p, int end, boolean equals) {
        if (p + 1 < end && (b[p + 1] == '=' || (!equals && b[p + 1] == ':'))) return;
        if (equals && p > 0 && "=!<>+-*/".indexOf(b[p - 1]) >= 0) return;
        if (!plausibleValueStart(b, p + 1, end)) return;
        int q = p - 1;
        while (q >= 0 && p - q < 16 && (b[q] == ' ' || b[q] == '\t')) q--;
        if (q < 0) return;
        int nameEnd, nameStart;
        if (b[q] == ']') q--;
        if (q >= 0 && (b[q] == '"' || b[q] == '\'')) {
            byte quote = b[q];
            nameEnd = q;
            nameStart = q;
            while (nameStart > 0 && nameEnd - nameStart < 64 && b[nameStart - 1] != quote && b[nameStart - 1] != '\n') nameStart--;
            if (nameStart == 0 || b[nameStart - 1] != quote) return;
        } else {
            nameEnd = q + 1;
            nameStart = nameEnd;
            while (nameStart > 0 && nameEnd - nameStart < 64 && nameChar(b[nameStart - 1])) nameStart--;
        }
        if (nameEnd - nameStart < 2) return;
        boolean urlParam = equals && nameStart > 0 && (b[nameStart - 1] == '?' || b[nameStart - 1] == '&');
        int[] v = value(b, p + 1, end, urlParam);
        if (v == null) return;
        classify(Text.ascii(b, nameStart, nameEnd), b, v[0], v[1], p, end, urlParam, false);
    }

    /** {@code callee("value")}: positional keys in client constructors. */
    void call(byte[] b, int p, int end) {
        int s = p;
        while (s > 0 && p - s < 64 && (Text.word(b[s - 1]) || b[s - 1] == '.')) s--;
        if (p - s < 4) return;
        int r = p + 1;
        while (r < end && r - p < 64 && (b[r] == ' ' || b[r] == '\n' || b[r] == '\r' || b[r] == '\t')) r++;
        if (r >= end || (b[r] != '"' && b[r] != '\'')) return;
        int[] v = value(b, r, end, false);
        if (v == null) return;
        classify(Text.ascii(b, s, p), b, v[0], v[1], p, end, false, true);
    }

    /** {@code .netrc}: {@code password VALUE} after a {@code machine HOST} entry. */
    void netrc(byte[] b, int i, int end) {
        int p = i + 8;
        if (p >= end || (b[p] != ' ' && b[p] != '\t')) return;
        int lo = Math.max(0, i - CONTEXT);
        int machine = -1;
        for (int k = i - 8; k >= lo; k--) {
            if (Text.startsWith(b, k, end, "machine ")) {
                machine = k;
                break;
            }
        }
        if (machine < 0) return;
        int[] v = value(b, p, end, false);
        if (v == null) return;
        String value = Text.ascii(b, v[0], v[1]);
        if (Text.isPlaceholder(value) || value.length() < 8) return;
        boolean wandb = Text.containsIgnoreCase(b, machine, i, "wandb");
        if (wandb && isHex(value, 40)) engine.add(SecretKind.WANDB_KEY, v[0], v[1], value, "");
        else if (Text.entropy(value) >= 3.0) engine.add(SecretKind.GENERIC, v[0], v[1], value, "");
    }

    /** Cheap reject before reading the name: numbers, literals, containers and short strings are never secrets. */
    private static boolean plausibleValueStart(byte[] b, int r, int end) {
        int start = r;
        while (r < end && r - start < 16 && (b[r] == ' ' || b[r] == '\t')) r++;
        if (r >= end) return false;
        int c = b[r];
        if (c == '"' || c == '\'') {
            int s = r + 1;
            for (int k = s; k < Math.min(end, s + 16); k++) if (b[k] == c || b[k] == '\n') return false;
            return s + 16 <= end;
        }
        if (c == '{' || c == '[' || c == '\n' || c == '\r' || c == ',' || c == '}' || c == ']' || c == '(' || c == ')') return false;
        for (int k = r; k < r + 16; k++) {
            if (k >= end) return false;
            int ch = b[k];
            if (ch <= ' ' || ch == ',' || ch == '}' || ch == ']' || ch == ';' || ch == '"' || ch == '\'') return false;
        }
        return true;
    }

    private static boolean nameChar(int c) {
        return Text.word(c) || c == '.' || c == '-';
    }

    /** The value after an operator: a quoted literal (closed on the same line) or a bare word. */
    private static int[] value(byte[] b, int r, int end, boolean urlParam) {
        int start = r;
        while (r < end && r - start < 16 && (b[r] == ' ' || b[r] == '\t')) r++;
        if (r >= end) return null;
        if ("bBrRuUfF".indexOf(b[r]) >= 0 && r + 1 < end && (b[r + 1] == '"' || b[r + 1] == '\'')) r++;
        int c = b[r];
        if (c == '"' || c == '\'' || c == '`') {
            int s = r + 1, e = s;
            while (e < end && e - s <= 1024 && b[e] != c && b[e] != '\n') {
                if (b[e] == '\\') e++;
                e++;
            }
            if (e >= end || b[e] != c || e - s < 16 || e - s > 1024) return null;
            return new int[]{s, e};
        }
        int s = r, e = r;
        while (e < end && e - s <= 1024) {
            int ch = b[e];
            if (ch <= ' ' || "\"'`,;#)}]<>([".indexOf(ch) >= 0 || (urlParam && ch == '&')) break;
            e++;
        }
        if (e - s < 16 || e - s > 1024) return null;
        if (e < end && (b[e] == '(' || b[e] == '[')) return null; // a call or subscript: code, not a literal
        return new int[]{s, e};
    }

    private void classify(String name, byte[] b, int vs, int ve, int p, int end, boolean urlParam, boolean call) {
        String value = Text.ascii(b, vs, ve);
        if (Text.isPlaceholder(value)) return;
        String lname = name.toLowerCase(Locale.ROOT);
        List<String> parts = components(name);
        boolean secretName = secretName(parts);
        for (String provider : PROVIDERS) {
            boolean named = lname.contains(provider);
            if (!named && !secretName && !(call && lname.endsWith("client"))) continue;
            SecretKind k = providerKind(provider, value);
            if (k == null) continue;
            if (named || Text.containsIgnoreCase(b, p - CONTEXT, Math.min(end, p + CONTEXT), provider)) {
                engine.add(k, vs, ve, value, "");
                return;
            }
        }
        if ((lname.contains("secret_access_key") || lname.contains("aws_secret") || lname.contains("secretaccesskey"))
                && value.length() == 40 && Text.entropy(value) > 4.0) {
            engine.add(SecretKind.AWS_SECRET_KEY, vs, ve, value, "");
            return;
        }
        if (urlParam) {
            if (URL_PARAMS.contains(lname)) {
                String decoded = Tokens.percentDecode(value);
                if (decoded.length() >= 16 && Text.entropy(decoded) >= 3.0 && !Text.isPlaceholder(decoded)
                        && !decoded.contains("://"))
                    engine.add(SecretKind.URL_TOKEN_PARAM, vs, ve, decoded, lname + "=");
            }
            return;
        }
        if (!call && secretName && genericValue(value)) engine.add(SecretKind.GENERIC, vs, ve, value, "");
    }

    private static SecretKind providerKind(String provider, String v) {
        return switch (provider) {
            case "wandb" -> isHex(v, 40) ? SecretKind.WANDB_KEY : null;
            case "cohere" -> isAlnum(v, 40) && !isHex(v, 40) ? SecretKind.COHERE_KEY : null;
            case "mistral" -> isAlnum(v, 32) && !isHex(v, 32) ? SecretKind.MISTRAL_KEY : null;
            case "azure" -> isHex(v, 32) || isAlnum(v, 84) ? SecretKind.AZURE_OPENAI_KEY : null;
            case "pinecone" -> isUuid(v) ? SecretKind.PINECONE_KEY : null;
            case "together" -> isHex(v, 64) ? SecretKind.TOGETHER_KEY : null;
            default -> null;
        };
    }

    static boolean isHex(String v, int n) {
        if (v.length() != n) return false;
        for (int i = 0; i < n; i++) if (!Text.lowerHex(v.charAt(i))) return false;
        return true;
    }

    static boolean isAlnum(String v, int n) {
        if (v.length() != n) return false;
        for (int i = 0; i < n; i++) if (!Text.alnum(v.charAt(i))) return false;
        return true;
    }

    static boolean isUuid(String v) {
        if (v.length() != 36) return false;
        for (int i = 0; i < 36; i++) {
            char c = v.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !Text.hex(c)) return false;
        }
        return true;
    }

    /** Splits {@code OPENAI_API_KEY}, {@code openaiApiKey}, {@code x-api-key} into lower-case words. */
    static List<String> components(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean sep = !Character.isLetterOrDigit(c);
            boolean camel = Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1));
            if ((sep || camel) && cur.length() > 0) {
                parts.add(cur.toString().toLowerCase(Locale.ROOT));
                cur.setLength(0);
            }
            if (!sep) cur.append(c);
        }
        if (cur.length() > 0) parts.add(cur.toString().toLowerCase(Locale.ROOT));
        return parts;
    }

    static boolean secretName(List<String> parts) {
        if (parts.isEmpty()) return false;
        boolean secret = false;
        for (int i = 0; i < parts.size(); i++) {
            String w = parts.get(i);
            if (NOT_SECRET.contains(w)) return false;
            if (SECRET_WORDS.contains(w)) secret = true;
            if (w.equals("key") && (parts.size() == 1 || (i > 0 && KEY_QUALIFIERS.contains(parts.get(i - 1))))) secret = true;
            if (w.equals("apikey") || w.equals("accesskey") || w.equals("secretkey")) secret = true;
        }
        return secret;
    }

    /** {@code self._lib.method}, {@code base64.urlsafe_b64decode}: code or module paths, not values. */
    static boolean dottedIdentifier(String v) {
        boolean start = true;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '.') {
                if (start) return false;
                start = true;
            } else if (start) {
                if (!(Character.isLetter(c) || c == '_')) return false;
                start = false;
            } else if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return !start;
    }

    /** A value that could be a credential: long, no spaces, mixed, high entropy, not a path, UUID or word. */
    static boolean genericValue(String v) {
        int n = v.length();
        if (n < 16 || n > 512 || isUuid(v) || v.contains("://")) return false;
        char first = v.charAt(0);
        if (first == '/' || first == '.' || first == '~' || first == '$' || first == '%') return false;
        String lv = v.toLowerCase(Locale.ROOT);
        for (String env : new String[]{"os.environ", "os.getenv", "getenv", "userdata.get", "st.secrets", "process.env",
                "secrets.", "env."})
            if (lv.startsWith(env)) return false;
        int letters = 0, digits = 0, slashes = 0, dots = 0;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c > '~') return false;
            if (Character.isLetter(c)) letters++;
            else if (Character.isDigit(c)) digits++;
            else if (c == '/') slashes++;
            else if (c == '.') dots++;
        }
        if (letters == 0 || (digits == 0 && n < 32) || slashes > 2 || dots > 2) return false;
        if (dots > 0 && dottedIdentifier(v)) return false;
        if (v.indexOf('#') != v.lastIndexOf('#')) return false; // #name# templates
        for (int i = 0; i < n; i++) if ("()[]{}<>,;\"'`\\".indexOf(v.charAt(i)) >= 0) return false;
        if (lv.endsWith(".json") || lv.endsWith(".bin") || lv.endsWith(".py") || lv.endsWith(".txt")) return false;
        return Text.entropy(v) >= (n < 24 ? 3.3 : 3.5);
    }
}
