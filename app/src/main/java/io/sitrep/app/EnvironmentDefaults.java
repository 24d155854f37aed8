package io.sitrep.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Stack;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Environment variables as the defaults of every option of every {@code sitrep} subcommand, for
 * containers and Kubernetes, where configuration comes from the environment.
 *
 * <ul>
 *   <li>Option {@code --foo-bar} of any subcommand reads {@code SITREP_FOO_BAR} (see
 *       {@link #variableFor(OptionSpec)}). A value given on the command line wins; an empty
 *       variable counts as unset. Flags take {@code true}/{@code false}; durations ISO-8601, as
 *       on the command line. Multi-value options other than {@code --kafka-property} take one
 *       value from the environment.</li>
 *   <li>Every other {@code SITREP_KAFKA_<NAME>} variable is a Kafka client property, named the
 *       way the {@code apache/kafka} and Confluent images do it: {@code _} → {@code .},
 *       {@code __} → {@code _}, {@code ___} → {@code -}, lower-cased
 *       ({@code SITREP_KAFKA_SECURITY_PROTOCOL} → {@code security.protocol}). These are merged
 *       into {@code --kafka-property} of every command that has it; a key also given with
 *       {@code --kafka-property} on the command line takes the command line's value.</li>
 * </ul>
 *
 * <p>Installed on the whole command tree by {@code @Command(modelTransformer = EnvironmentDefaults.class)}
 * on {@link SitrepCommand}: picocli does not pass a {@code defaultValueProvider} given in an
 * annotation on to subcommands, so the transformer sets it on each one. Values are validated and
 * converted exactly as command-line values are, so a bad {@code SITREP_HTTP_PORT} fails at start
 * with picocli's usual message. The variable names are listed in {@code docs/configuration.md},
 * generated from this model ({@link ConfigurationReference}).
 */
public final class EnvironmentDefaults implements IDefaultValueProvider, IModelTransformer {
    /** Prefix of every variable that sets an option. */
    public static final String PREFIX = "SITREP_";
    /** Prefix of the variables that are Kafka client properties. */
    public static final String KAFKA_PREFIX = PREFIX + "KAFKA_";
    /** The option the {@code SITREP_KAFKA_*} properties are merged into. */
    public static final String KAFKA_PROPERTY_OPTION = "--kafka-property";

    private final Map<String, String> environment;

    /** Reads the process environment; what picocli instantiates from the annotation. */
    public EnvironmentDefaults() {
        this(System.getenv());
    }

    /** Reads the given variables instead of the process environment (tests, tools). */
    public EnvironmentDefaults(final Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * Installs these defaults on {@code commandLine} and all its subcommands, and executes as
     * {@code sitrep} does (reading {@code --client-config} before the role runs); returns it.
     */
    public CommandLine installOn(final CommandLine commandLine) {
        transform(commandLine.getCommandSpec());
        return commandLine.setExecutionStrategy(ClusterOptions.RESOLVE_THEN_RUN);
    }

    @Override
    public CommandSpec transform(final CommandSpec spec) {
        spec.defaultValueProvider(this);
        for (final OptionSpec option : List.copyOf(spec.options())) {
            if (KAFKA_PROPERTY_OPTION.equals(option.longestName()) && !(option.parameterConsumer() instanceof KafkaPropertyConsumer)) {
                // the same option, bound to the same field, but parsed by a consumer that also
                // merges SITREP_KAFKA_* (picocli applies defaults only to options not given)
                spec.remove(option);
                spec.addOption(OptionSpec.builder(option).parameterConsumer(new KafkaPropertyConsumer()).build());
            }
        }
        if (!variableOptions(spec).isEmpty() && !footerMentionsEnvironment(spec)) {
            final List<String> footer = new ArrayList<>(List.of(spec.usageMessage().footer()));
            footer.add("");
            footer.add("Every option --foo-bar can also be set with the environment variable SITREP_FOO_BAR"
                    + (spec.findOption(KAFKA_PROPERTY_OPTION) == null ? "" : "; Kafka client properties with SITREP_KAFKA_<NAME>"
                    + " (security.protocol: SITREP_KAFKA_SECURITY_PROTOCOL)")
                    + ". The command line wins. List: docs/configuration.md.");
            spec.usageMessage().footer(footer.toArray(String[]::new));
        }
        for (final CommandLine sub : spec.subcommands().values()) {
            transform(sub.getCommandSpec());
        }
        return spec;
    }

    private static boolean footerMentionsEnvironment(final CommandSpec spec) {
        return List.of(spec.usageMessage().footer()).stream().anyMatch(line -> line.contains("SITREP_FOO_BAR"));
    }

    @Override
    public String defaultValue(final ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || !hasVariable(option)) {
            return null;
        }
        if (KAFKA_PROPERTY_OPTION.equals(option.longestName())) {
            // no --kafka-property on the command line: the map holds the environment's properties
            mergeKafkaProperties(option);
            return null;
        }
        return value(variableFor(option));
    }

    /** The variable of an option: {@code --foo-bar} → {@code SITREP_FOO_BAR}. */
    public static String variableFor(final OptionSpec option) {
        return PREFIX + option.longestName().replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** Whether an option is settable from the environment (not help, not version). */
    public static boolean hasVariable(final OptionSpec option) {
        return !option.usageHelp() && !option.versionHelp() && option.longestName().startsWith("--");
    }

    /** The options of one command that read a variable, in declaration order. */
    public static List<OptionSpec> variableOptions(final CommandSpec spec) {
        return spec.options().stream().filter(EnvironmentDefaults::hasVariable).toList();
    }

    /**
     * The Kafka client property a {@code SITREP_KAFKA_*} variable names:
     * {@code SITREP_KAFKA_SASL_JAAS_CONFIG} → {@code sasl.jaas.config}.
     */
    public static String kafkaProperty(final String variable) {
        final String name = variable.substring(KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT);
        final StringBuilder b = new StringBuilder(name.length());
        int i = 0;
        while (i < name.length()) {
            if (name.startsWith("___", i)) {
                b.append('-');
                i += 3;
            } else if (name.startsWith("__", i)) {
                b.append('_');
                i += 2;
            } else if (name.charAt(i) == '_') {
                b.append('.');
                i++;
            } else {
                b.append(name.charAt(i));
                i++;
            }
        }
        return b.toString();
    }

    /** The variable for a Kafka client property: {@code security.protocol} → {@code SITREP_KAFKA_SECURITY_PROTOCOL}. */
    public static String kafkaVariable(final String property) {
        return KAFKA_PREFIX + property.replace("_", "__").replace("-", "___").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * The Kafka client properties in this environment: every non-empty {@code SITREP_KAFKA_*}
     * variable except those that set an option ({@code SITREP_KAFKA_PORT} is {@code demo --kafka-port}).
     */
    public Map<String, String> kafkaProperties(final CommandSpec anyCommand) {
        final List<String> optionVariables = optionVariables(anyCommand.root());
        final Map<String, String> properties = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(KAFKA_PREFIX) && name.length() > KAFKA_PREFIX.length() && !optionVariables.contains(name)
                    && !value.isEmpty()) {
                properties.put(kafkaProperty(name), value);
            }
        });
        return Collections.unmodifiableMap(properties);
    }

    /** Every option variable of the tree below {@code root}, sorted, without repeats. */
    public static List<String> optionVariables(final CommandSpec root) {
        final List<String> names = new ArrayList<>();
        collect(root, names);
        return names.stream().distinct().sorted().toList();
    }

    private static void collect(final CommandSpec spec, final List<String> names) {
        variableOptions(spec).forEach(o -> names.add(variableFor(o)));
        spec.subcommands().values().forEach(sub -> collect(sub.getCommandSpec(), names));
    }

    private String value(final String variable) {
        final String value = environment.get(variable);
        return value == null || value.isEmpty() ? null : value;
    }

    private void mergeKafkaProperties(final ArgSpec option) {
        final Map<String, String> fromEnvironment = kafkaProperties(option.command());
        if (fromEnvironment.isEmpty()) {
            return;
        }
        Map<String, String> map = option.getValue();
        if (map == null) {
            map = new LinkedHashMap<>();
            option.setValue(map);
        }
        for (final Map.Entry<String, String> e : fromEnvironment.entrySet()) {
            map.putIfAbsent(e.getKey(), e.getValue());
        }
    }

    /**
     * Parses {@code --kafka-property KEY=VALUE} as picocli would, and adds the environment's
     * properties whose keys the command line does not set.
     */
    private static final class KafkaPropertyConsumer implements IParameterConsumer {
        @Override
        public void consumeParameters(final Stack<String> args, final ArgSpec arg, final CommandSpec command) {
            if (args.isEmpty()) {
                throw new CommandLine.ParameterException(command.commandLine(),
                        "Missing required parameter for option '" + KAFKA_PROPERTY_OPTION + "' (KEY=VALUE)", arg, null);
            }
            final String pair = args.pop();
            final int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(command.commandLine(),
                        "Value for option '" + KAFKA_PROPERTY_OPTION + "' should be in KEY=VALUE format but was " + pair, arg, pair);
            }
            Map<String, String> map = arg.getValue();
            if (map == null) {
                map = new LinkedHashMap<>();
                arg.setValue(map);
            }
            map.put(pair.substring(0, eq), pair.substring(eq + 1));
            if (command.defaultValueProvider() instanceof EnvironmentDefaults env) {
                env.mergeKafkaProperties(arg);
            }
        }
    }
}
