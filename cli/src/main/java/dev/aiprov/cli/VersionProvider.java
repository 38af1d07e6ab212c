package dev.aiprov.cli;

import dev.aiprov.scanner.Scanner;
import picocli.CommandLine.IVersionProvider;

/** Version from the jar manifest, with the scanner version that results are stamped with. */
public final class VersionProvider implements IVersionProvider {
    public static String version() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[]{"aiprov " + version() + " (scanner " + Scanner.VERSION + ")"};
    }
}
