package dev.aiprov.scanner.secrets;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Limits;
import dev.aiprov.scanner.Scanner;
import dev.aiprov.scanner.io.ByteArraySource;
import dev.aiprov.scanner.secrets.internal.Text;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Generates valid-looking (never real) credentials of each family from a seeded random source,
 * and scans text with the secrets detector only, asserting that no finding leaks a value.
 */
final class Keys {
    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String DIGITS = "0123456789";
    static final String LETTERS = UPPER + LOWER;
    static final String ALNUM = LETTERS + DIGITS;
    static final String URLSAFE = ALNUM + "-_";
    static final String HEX = "0123456789abcdef";

    private final Random rnd;

    Keys(long seed) {
        rnd = new Random(seed);
    }

    String random(String alphabet, int n) {
        while (true) {
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            String s = sb.toString();
            if (!Text.isPlaceholder(s) && !s.startsWith("-") && !s.startsWith("_")) return s;
        }
    }

    String hf() {
        return "hf_" + random(LETTERS, 34);
    }

    String hfOrg() {
        return "api_org_" + random(LETTERS, 34);
    }

    String github(String prefix) {
        String body = random(ALNUM, 30);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return prefix + body + Text.base62Crc(crc.getValue());
    }

    String openaiProject() {
        return "sk-proj-" + random(URLSAFE, 74) + "T3BlbkFJ" + random(URLSAFE, 74);
    }

    String openaiLegacy() {
        return "sk-" + random(ALNUM, 20) + "T3BlbkFJ" + random(ALNUM, 20);
    }

    String anthropic() {
        return "sk-ant-api03-" + random(URLSAFE, 93) + "AA";
    }

    String awsId() {
        return "AKIA" + random(UPPER + "234567", 16);
    }

    String awsSecret() {
        return random(ALNUM + "+/", 40);
    }

    /** The installation key the tests scan with. */
    static final byte[] KEY = "aiprov-test-installation-key-32b".getBytes(StandardCharsets.US_ASCII);

    /** The keyed hash a finding carries for {@code s}. */
    static String sha(String s) {
        return SecretsDetector.keyedHash(KEY, s);
    }

    static List<Finding> scan(String name, String text, String... secrets) {
        return scan(name, text.getBytes(StandardCharsets.UTF_8), secrets);
    }

    static List<Finding> scan(String name, byte[] bytes, String... secrets) {
        Scanner scanner = new Scanner(Limits.defaults(), List.of(new SecretsDetector())).withSecretHashKey(KEY);
        List<FileResult> results = scanner.scan(name, new ByteArraySource(bytes), null);
        List<Finding> findings = results.get(0).findings();
        for (Finding f : findings) {
            for (String s : secrets) noLeak(f, s);
        }
        return findings;
    }

    /** Fails when a message, evidence or redacted form contains a secret value (beyond its last 4) in clear. */
    static void noLeak(Finding f, String secret) {
        {
            String tail = secret.substring(Math.max(0, secret.length() - 12), secret.length() - 4);
            assertFalse(f.message().contains(tail), () -> "message leaks a value: " + f.rule());
            assertFalse(f.evidence().contains(tail), () -> "evidence leaks a value: " + f.rule());
            if (f.secret() != null) assertFalse(f.secret().redacted().contains(tail), () -> "redacted leaks: " + f.rule());
        }
    }

    static List<String> rules(List<Finding> findings) {
        return findings.stream().map(Finding::rule).toList();
    }
}
