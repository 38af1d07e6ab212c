package dev.aiprov.graph;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AvailabilityTest {
    @Test
    void goneUpstreamIsEveryStatusButAFailedReadOkOrNone() {
        for (String s : new String[] {"missing", "private", "gated", "disabled"}) assertTrue(Availability.isGone(s), s);
        for (String s : new String[] {"error", "ok", "", "GATED", "unknown"}) assertFalse(Availability.isGone(s), s);
        assertFalse(Availability.isGone(null));
    }
}
