package dev.aiprov.scanner.remotecode.internal;

import java.util.Set;

/** Names whose use in code shipped with a model runs processes or arbitrary code. */
public final class Dangerous {
    public static final Set<String> PROCESS = Set.of("os.system", "os.popen", "os.execl", "os.execle", "os.execlp",
            "os.execlpe", "os.execv", "os.execve", "os.execvp", "os.execvpe", "os.spawnl", "os.spawnle", "os.spawnlp",
            "os.spawnlpe", "os.spawnv", "os.spawnve", "os.spawnvp", "os.spawnvpe", "os.posix_spawn", "os.posix_spawnp",
            "os.startfile", "subprocess.run", "subprocess.call", "subprocess.Popen", "subprocess.check_output",
            "subprocess.check_call", "subprocess.getoutput", "subprocess.getstatusoutput", "pty.spawn",
            "commands.getoutput", "asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell", "posix.system",
            "posix.popen", "posix.execv", "posix.execve", "nt.system", "libc.system", "libc.popen", "libc.execv",
            "libc.execve", "libc.execvp", "libc.execl", "libc.execlp");
    public static final Set<String> EXEC = Set.of("exec", "eval", "compile", "types.FunctionType", "code.interact",
            "runpy.run_path", "runpy.run_module", "execfile");
    /** Namespaces where a computed attribute name may reach a process or exec function. */
    public static final Set<String> NAMESPACES = Set.of("os", "posix", "nt", "subprocess", "pty", "builtins", "libc",
            "commands", "importlib", "sys.modules", "__globals__", "runpy", "ctypes", "types", "code", "asyncio");
    private Dangerous() {
    }

    public static boolean isDangerous(String ref) {
        return PROCESS.contains(ref) || EXEC.contains(ref);
    }
}
