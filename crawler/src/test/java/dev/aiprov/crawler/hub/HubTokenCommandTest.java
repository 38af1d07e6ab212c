package dev.aiprov.crawler.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --token-command}: the token from a secrets manager's command line, read once, never echoed. */
class HubTokenCommandTest {
    private static final String SECRET = "hf_FROMcommandNEVERprintMe12345678";

    @TempDir
    Path dir;

    private static IllegalArgumentException fails(String command) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> HubToken.fromCommand(command, "--token-command", Duration.ofSeconds(5)), command);
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    @Test
    void readsTheTokenFromStdoutWithOneTrailingNewlineRemoved() {
        HubToken t = HubToken.fromCommand("printf '%s\\n' " + SECRET, "--token-command", Duration.ofSeconds(5));
        assertEquals(SECRET, t.value());
        assertEquals("--token-command", t.source());
        assertFalse(t.toString().contains(SECRET));
        assertEquals(SECRET, HubToken.fromCommand("printf " + SECRET, "x", Duration.ofSeconds(5)).value());
        // the command runs as typed by sh -c: pipes and quotes work, stderr is not read
        assertEquals(SECRET, HubToken.fromCommand("echo '" + SECRET + "' | tr -d ' ' ; echo noise >&2", "x",
                Duration.ofSeconds(5)).value());
    }

    @Test
    void aFailingCommandIsAOneLineErrorThatDoesNotEchoItsOutput() {
        assertTrue(fails("echo " + SECRET + "; exit 3").getMessage().contains("exit code 3"));
        assertTrue(fails("printf ''").getMessage().contains("printed no token"));
        assertTrue(fails("printf '%s\\n%s\\n' " + SECRET + " " + SECRET).getMessage().contains("one token on one line"));
        assertTrue(fails("echo '" + SECRET + " x'").getMessage().contains("one token on one line"));
        assertTrue(fails("head -c 100000 /dev/zero | tr '\\0' a").getMessage().contains("more than 4096 bytes"));
        assertTrue(fails("/nonexistent/secrets-tool").getMessage().contains("exit code 127"));
    }

    @Test
    void aCommandThatHangsIsStoppedAtTheTimeout() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> HubToken.fromCommand("sleep 30", "AIPROV_HF_TOKEN_COMMAND", Duration.ofMillis(300)));
        assertTrue(e.getMessage().startsWith("AIPROV_HF_TOKEN_COMMAND did not finish within"), e.getMessage());
    }

    @Test
    void precedenceIsCommandThenFileThenEnvironmentCommandThenHfTokenThenHfHome() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "hf_fromFile\n");
        Path hfHome = Files.createDirectories(dir.resolve("hf"));
        Files.writeString(hfHome.resolve("token"), "hf_fromHfHome");
        Map<String, String> env = Map.of("AIPROV_HF_TOKEN_COMMAND", "echo hf_fromEnvCommand", "HF_TOKEN", "hf_fromEnv",
                "HF_HOME", hfHome.toString());
        assertEquals("hf_fromOption", HubSettings.resolveToken("echo hf_fromOption", file, env::get, dir).value());
        assertEquals("hf_fromFile", HubSettings.resolveToken(null, file, env::get, dir).value());
        assertEquals("hf_fromEnvCommand", HubSettings.resolveToken(null, null, env::get, dir).value());
        assertEquals("AIPROV_HF_TOKEN_COMMAND", HubSettings.resolveToken(null, null, env::get, dir).source());
        Map<String, String> noCommand = Map.of("HF_TOKEN", "hf_fromEnv", "HF_HOME", hfHome.toString());
        assertEquals("hf_fromEnv", HubSettings.resolveToken(null, null, noCommand::get, dir).value());
        assertEquals("hf_fromHfHome", HubSettings.resolveToken(null, null, Map.of("HF_HOME", hfHome.toString())::get, dir).value());
        assertNull(HubSettings.resolveToken(null, null, Map.<String, String>of()::get, dir.resolve("nobody")));
    }
}
