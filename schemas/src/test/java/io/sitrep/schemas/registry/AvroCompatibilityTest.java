package io.sitrep.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AvroCompatibilityTest {
    private static final Schema V1 = schema("{\"name\":\"a\",\"type\":\"string\"}");
    private static final Schema ADDS_REQUIRED = schema("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}");

    private static Schema schema(final String fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}");
    }

    @Test
    void shouldExplainFieldAndPathWhenBackwardBreaks() {
        final List<String> messages = AvroCompatibility.check(CompatibilityLevel.BACKWARD, ADDS_REQUIRED,
                List.of(new AvroCompatibility.Previous(1, V1)));

        assertThat(messages.get(0)).isEqualTo("{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'b' at "
                + "path '/fields/1' in the new schema has no default value and is missing in the old schema', additionalInfo:'b'}");
        assertThat(messages).contains("{oldSchemaVersion: 1}", "{validateFields: 'false', compatibility: 'BACKWARD'}");
    }

    @Test
    void shouldSayOldSchemaWhenForwardBreaks() {
        final List<String> messages = AvroCompatibility.check(CompatibilityLevel.FORWARD, V1,
                List.of(new AvroCompatibility.Previous(1, ADDS_REQUIRED)));

        assertThat(messages.get(0)).contains("'b'").contains("in the old schema has no default value and is missing in the new schema");
    }

    @Test
    void shouldAcceptAnythingWhenNoneOrNoPreviousVersion() {
        assertThat(AvroCompatibility.check(CompatibilityLevel.NONE, ADDS_REQUIRED, List.of(new AvroCompatibility.Previous(1, V1))))
                .isEmpty();
        assertThat(AvroCompatibility.check(CompatibilityLevel.FULL_TRANSITIVE, ADDS_REQUIRED, List.of())).isEmpty();
    }

    @Test
    void shouldOnlyCompareWithLatestWhenNotTransitive() {
        final Schema v2 = schema("");
        final Schema v3 = schema("{\"name\":\"a\",\"type\":\"int\",\"default\":0}");
        final List<AvroCompatibility.Previous> history = List.of(new AvroCompatibility.Previous(1, V1),
                new AvroCompatibility.Previous(2, v2));

        assertThat(AvroCompatibility.check(CompatibilityLevel.BACKWARD, v3, history)).isEmpty();
        assertThat(AvroCompatibility.check(CompatibilityLevel.BACKWARD_TRANSITIVE, v3, history)).contains("{oldSchemaVersion: 1}");
    }

    @Test
    void shouldParseLevelsCaseInsensitively() {
        assertThat(CompatibilityLevel.parse("full_transitive")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(CompatibilityLevel.FORWARD.forward()).isTrue();
        assertThat(CompatibilityLevel.FORWARD.backward()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "NONE, false, false, false",
        "BACKWARD, true, false, false",
        "BACKWARD_TRANSITIVE, true, false, true",
        "FORWARD, false, true, false",
        "FORWARD_TRANSITIVE, false, true, true",
        "FULL, true, true, false",
        "FULL_TRANSITIVE, true, true, true",
    })
    void shouldTellDirectionsAndReachOfEveryLevel(final CompatibilityLevel level, final boolean backward, final boolean forward,
                                                  final boolean transitive) {
        assertThat(level.backward()).isEqualTo(backward);
        assertThat(level.forward()).isEqualTo(forward);
        assertThat(level.transitive()).isEqualTo(transitive);
    }
}
