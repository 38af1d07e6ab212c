package dev.aiprov.cli;

import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code --format=<format>} option, declared once for every command that prints a report. A
 * command mixes it in with its own enum of formats (picocli accepts only those), its
 * default and its help text, and receives the parsed value:
 * <pre>{@code
 * @Mixin
 * final FormatOption<Format> formatOption = new FormatOption<>(Format.class, "text",
 *         "text or json (default: ${DEFAULT-VALUE}).", f -> format = f);
 * Format format;
 * }</pre>
 */
@Command
public final class FormatOption<F extends Enum<F>> {
    private final Class<F> formats;
    private final String defaultValue;
    private final String description;
    private final Consumer<F> target;
    private F value;

    public FormatOption(Class<F> formats, String defaultValue, String description, Consumer<F> target) {
        this.formats = formats;
        this.defaultValue = defaultValue;
        this.description = description;
        this.target = target;
    }

    /** Adds the option to the command this is mixed into (picocli calls this once per command spec). */
    @Spec(Spec.Target.MIXEE)
    void addTo(CommandSpec command) {
        command.addOption(OptionSpec.builder("--format").type(formats).paramLabel("<format>")
                .defaultValue(defaultValue).description(description)
                .setter(new ISetter() {
                    @Override
                    public <T> T set(T v) {
                        F old = value;
                        value = formats.cast(v);
                        target.accept(value);
                        @SuppressWarnings("unchecked") T previous = (T) old;
                        return previous;
                    }
                })
                .getter(new IGetter() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T get() {
                        return (T) value;
                    }
                })
                .build());
    }
}
