package dev.aiprov.scanner.secrets;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link TextEncoding}'s wide-text test stops early once 95% ASCII is out of reach; the answer must not change. */
class TextEncodingTest {
    /** The rule without the early exit: no zero unit, no code point above U+10FFFF (UTF-32), 95% ASCII text units. */
    private static boolean reference(byte[] h, int units, int width, boolean be) {
        int ascii = 0;
        boolean ok = true;
        for (int u = 0; u < units; u++) {
            int cp = 0;
            for (int k = 0; k < width; k++) cp = cp << 8 | (h[u * width + (be ? k : width - 1 - k)] & 0xff);
            if (cp == 0 || (width == 4 && cp > 0x10FFFF)) ok = false;
            if (cp < 0x80 && (cp >= 0x20 || cp == '\n' || cp == '\r' || cp == '\t')) ascii++;
        }
        return ok && ascii * 100 >= units * 95;
    }

    @Test
    void theEarlyExitGivesTheSameAnswerAroundTheNinetyFivePercentLine() {
        Random rnd = new Random(7);
        int agreed = 0;
        int text = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            int width = rnd.nextBoolean() ? 2 : 4;
            boolean be = rnd.nextBoolean();
            int units = 2 + rnd.nextInt(300);
            double junk = rnd.nextDouble() * 0.12;   // 0-12% of units are not ASCII text: both sides of 5%
            byte[] h = new byte[units * width];
            for (int u = 0; u < units; u++) {
                int cp = rnd.nextDouble() < junk ? (rnd.nextInt(8) == 0 ? 0 : 0x80 + rnd.nextInt(0x20000)) : 0x20 + rnd.nextInt(0x5f);
                if (rnd.nextInt(400) == 0) cp = rnd.nextBoolean() ? 0x7fffffff : 0x80000001;   // a UTF-32 unit past the last code point
                for (int k = 0; k < width; k++) {
                    int shift = 8 * (be ? width - 1 - k : k);
                    h[u * width + k] = (byte) (cp >>> shift);
                }
            }
            boolean want = reference(h, units, width, be);
            assertEquals(want, TextEncoding.wide(h, units, width, be), "trial " + trial);
            agreed++;
            if (want) text++;
        }
        assertEquals(20_000, agreed);
        // both outcomes were exercised, many times
        org.junit.jupiter.api.Assertions.assertTrue(text > 2_000 && text < 18_000, "text " + text);
    }

    @Test
    void utf16TextIsStillFoundAndBinaryIsNot() {
        byte[] utf16 = "# a python file\nimport os\nprint('hello')\n".getBytes(StandardCharsets.UTF_16LE);
        assertEquals("utf-16le", TextEncoding.detect(utf16).name());
        byte[] bin = new byte[4096];
        new Random(1).nextBytes(bin);
        bin[10] = 0;
        assertEquals(null, TextEncoding.detect(bin));
    }
}
