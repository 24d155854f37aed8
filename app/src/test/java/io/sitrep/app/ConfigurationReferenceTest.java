package io.sitrep.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} is generated from the picocli model; this fails when an option
 * was added, renamed or redescribed without regenerating it. To accept the change, run with
 * {@code -Dsitrep.updateDocs=true} and commit the file.
 */
class ConfigurationReferenceTest {
    static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void shouldMatchTheCheckedInConfigurationReference() throws IOException {
        final String generated = ConfigurationReference.markdown();
        if (Boolean.getBoolean("sitrep.updateDocs")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        assertThat(DOC).as("docs/configuration.md exists (generate it with -Dsitrep.updateDocs=true)").exists();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/configuration.md is out of date: run ./mvnw -B -pl app -am test -Dtest=ConfigurationReferenceTest "
                        + "-Dsurefire.failIfNoSpecifiedTests=false -Dsitrep.updateDocs=true and commit it")
                .isEqualTo(generated);
    }

    @Test
    void shouldListEveryRoleAndTheKafkaPassThrough() {
        assertThat(ConfigurationReference.markdown())
                .contains("### `sitrep streams`", "### `sitrep ingest`", "### `sitrep load`", "### `sitrep lag`",
                        "### `sitrep schemas register`", "### `sitrep topics create`", "### `sitrep demo`")
                .contains("| `SITREP_BOOTSTRAP_SERVERS` | `--bootstrap-servers` | required |")
                .contains("`SITREP_KAFKA_SECURITY_PROTOCOL` | `security.protocol`");
    }
}
