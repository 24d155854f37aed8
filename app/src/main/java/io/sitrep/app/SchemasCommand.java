package io.sitrep.app;

import io.sitrep.schemas.registry.CompatibilityLevel;
import io.sitrep.schemas.registry.CompatibilityResult;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.schemas.registry.ProjectSchemas;
import io.sitrep.schemas.registry.RegisteredSchema;
import io.sitrep.schemas.registry.SchemaRegistryException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sitrep schemas register|check|list}: the project's topic contracts against a Schema
 * Registry, for deploy pipelines (register before producers with auto-registration off start) and
 * for reviews (would this build break a consumer?).
 */
@Command(name = "schemas", mixinStandardHelpOptions = true,
        description = "Register, check or list the pipeline's Avro schemas in a Schema Registry.",
        subcommands = {SchemasCommand.Register.class, SchemasCommand.Check.class, SchemasCommand.ListSubjects.class})
final class SchemasCommand extends CommandGroup {
    /** A subcommand that works on the registry: its options, and the client made from them. */
    abstract static class RegistryAction extends RoleCommand {
        @Mixin
        ClusterOptions registry;

        @Override
        int run(final PrintWriter out) {
            return run(out, registry.registryClient());
        }

        abstract int run(PrintWriter out, HttpSchemaRegistryClient client);
    }

    @Command(name = "register", mixinStandardHelpOptions = true, modelTransformer = ClusterOptions.RegistryOnly.class,
            description = "Register every project schema under its <topic>-value subject (idempotent). "
                    + "Exits 1 if the registry refuses one (incompatible or invalid).")
    static final class Register extends RegistryAction {
        @Option(names = "--compatibility", defaultValue = "FULL_TRANSITIVE",
                description = "Level set on subjects that have none of their own yet, before registering; NONE to leave "
                        + "them on the registry's global level (default: ${DEFAULT-VALUE}).")
        CompatibilityLevel compatibility;

        @Override
        int run(final PrintWriter out, final HttpSchemaRegistryClient client) {
            int refused = 0;
            for (final ProjectSchemas.TopicSchema t : ProjectSchemas.all()) {
                try {
                    if (compatibility != CompatibilityLevel.NONE && client.compatibility(t.subject()).isEmpty()) {
                        client.setCompatibility(t.subject(), compatibility);
                    }
                    final int id = client.register(t.subject(), t.schema());
                    final RegisteredSchema found = client.lookup(t.subject(), t.schema());
                    out.printf("%-40s id %d, version %d%n", t.subject(), id, found.version());
                } catch (final SchemaRegistryException e) {
                    if (e.httpStatus() == 0) {
                        throw e;
                    }
                    refused++;
                    out.printf("%-40s REFUSED (%d): %s%n", t.subject(), e.errorCode(), e.getMessage());
                }
            }
            return refused == 0 ? 0 : 1;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, modelTransformer = ClusterOptions.RegistryOnly.class,
            description = "Check that every project schema could be registered as the next version of its subject. "
                    + "Exits 1 and names the breaking fields if one could not.")
    static final class Check extends RegistryAction {
        @Override
        int run(final PrintWriter out, final HttpSchemaRegistryClient client) {
            int incompatible = 0;
            for (final ProjectSchemas.TopicSchema t : ProjectSchemas.all()) {
                final Optional<RegisteredSchema> registered = registeredVersion(client, t);
                if (registered.isPresent()) {
                    out.printf("%-40s OK (registered as version %d, id %d)%n", t.subject(), registered.get().version(),
                            registered.get().id());
                    continue;
                }
                final CompatibilityResult result = client.testCompatibility(t.subject(), t.schema());
                if (result.compatible()) {
                    out.printf("%-40s OK (would be a new version)%n", t.subject());
                } else {
                    incompatible++;
                    out.printf("%-40s INCOMPATIBLE%n", t.subject());
                    result.messages().stream().filter(m -> m.startsWith("{errorType"))
                            .forEach(m -> out.printf("    %s%n", m));
                    result.messages().stream().filter(m -> m.startsWith("{oldSchemaVersion") || m.startsWith("{validateFields"))
                            .forEach(m -> out.printf("    %s%n", m));
                }
            }
            return incompatible == 0 ? 0 : 1;
        }

        private static Optional<RegisteredSchema> registeredVersion(final HttpSchemaRegistryClient client,
                                                                    final ProjectSchemas.TopicSchema t) {
            try {
                return Optional.of(client.lookup(t.subject(), t.schema()));
            } catch (final SchemaRegistryException e) {
                if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                        || e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
                    return Optional.empty();
                }
                throw e;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, modelTransformer = ClusterOptions.RegistryOnly.class,
            description = "List the registry's subjects with their latest version, id and compatibility level.")
    static final class ListSubjects extends RegistryAction {
        @Override
        int run(final PrintWriter out, final HttpSchemaRegistryClient client) {
            final CompatibilityLevel global = client.globalCompatibility();
            final List<String> project = ProjectSchemas.all().stream().map(ProjectSchemas.TopicSchema::subject).toList();
            out.printf("global compatibility: %s%n", global);
            for (final String subject : client.subjects()) {
                final RegisteredSchema latest = client.latest(subject);
                final String level = client.compatibility(subject).map(Enum::name).orElse(global + " (global)");
                out.printf("%-40s version %d, id %d, %s, %s%s%n", subject, latest.version(), latest.id(),
                        latest.schema().getFullName(), level, project.contains(subject) ? "" : " [not a sitrep topic]");
            }
            return 0;
        }
    }

}
