package dev.aiprov.scanner.pickle;

import dev.aiprov.scanner.FileResult;
import dev.aiprov.scanner.Finding;
import dev.aiprov.scanner.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** threats.md item 6: one tiny GLOBAL+REDUCE pickle per denylisted callable, each critical at its REDUCE. */
class DenylistFamiliesTest {

    static Stream<String> denied() throws IOException {
        try (Stream<Path> s = Files.list(FixtureScan.fixture("deny"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("denied")
    void flagsTheCallOfEveryDenylistedCallable(String file) {
        byte[] data = FixtureScan.bytes("deny/" + file);
        List<FileResult> r = FixtureScan.scan("deny/" + file);
        Finding f = FixtureScan.all(r).stream().filter(x -> x.severity() == Severity.CRITICAL).findFirst()
                .orElseThrow(() -> new AssertionError(file + " not critical: " + FixtureScan.all(r)));
        assertTrue(f.rule().equals("PICKLE_CALL_CRITICAL") || f.rule().equals("PICKLE_GLOBAL_DUNDER"), f.rule());
        assertEquals(data.length - 2, f.location().offset(), "the REDUCE opcode sits just before STOP");
    }

    @Test
    void coversTheFamiliesOfThreatsItemSix() throws IOException {
        List<String> files = denied().toList();
        for (String family : List.of("pip_main", "pkgutil_resolve_name", "importlib", "marshal", "ensurepip",
                "asyncio-unix_events", "uuid", "imaplib", "mailcap_findmatch", "profile_run", "numpy-f2py",
                "pydoc_locate", "operator_methodcaller", "attrgetter", "doctest_debug_script", "idlelib",
                "code_InteractiveInterpreter", "torch_load", "_pickle_loads")) {
            assertTrue(files.stream().anyMatch(f -> f.contains(family)), family);
        }
    }
}
