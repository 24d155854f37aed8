package io.sitrep.streams.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.Stage;
import io.sitrep.schemas.registry.InMemorySchemaRegistryClient;
import io.sitrep.schemas.registry.SchemaRegistryException;
import io.sitrep.schemas.serde.SchemaRegistryUnavailableException;
import io.sitrep.schemas.serde.AvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class DeadLetterDeserializationHandlerTest {

    private static ErrorHandlerContext context(final String node, final byte[] value) {
        return context(node, value, new TaskId(0, 2));
    }

    private static ErrorHandlerContext context(final String node, final byte[] value, final TaskId task) {
        return new ErrorHandlerContext() {
            public String topic() {
                return Topics.REPORTS_RAW;
            }

            public int partition() {
                return 2;
            }

            public long offset() {
                return 41L;
            }

            public Headers headers() {
                return new RecordHeaders();
            }

            public String processorNodeId() {
                return node;
            }

            public TaskId taskId() {
                return task;
            }

            public long timestamp() {
                return 1_772_000_000_000L;
            }

            public byte[] sourceRawKey() {
                return "k".getBytes(StandardCharsets.UTF_8);
            }

            public byte[] sourceRawValue() {
                return value;
            }
        };
    }

    @Test
    void shouldResumeWithRejectedEnvelopeCarryingCoordinatesAndOriginalBytes() {
        final var registry = new InMemorySchemaRegistryClient();
        final var handler = new DeadLetterDeserializationHandler();
        final java.util.Properties props = new java.util.Properties();
        ErrorHandling.configure(props, registry);
        @SuppressWarnings("unchecked")
        final Map<String, ?> configs = (Map<String, ?>) (Map<?, ?>) props;
        handler.configure(configs);
        final byte[] original = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
        final var record = new ConsumerRecord<>(Topics.REPORTS_RAW, 2, 41L, "k".getBytes(StandardCharsets.UTF_8), original);

        final var response = handler.handleError(context("dedup-source", original), record,
                new SerializationException("Unknown magic byte 0x7b"));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        final ProducerRecord<byte[], byte[]> dlq = response.deadLetterQueueRecords().get(0);
        assertThat(dlq.topic()).isEqualTo(Topics.REPORTS_REJECTED);
        final RejectedRecord envelope = new AvroDeserializer<>(registry, RejectedRecord.class)
                .deserialize(Topics.REPORTS_REJECTED, dlq.value());
        assertThat(envelope.getStage()).isEqualTo(Stage.DEDUP);
        assertThat(envelope.getReasonCode()).isEqualTo(DeadLetterDeserializationHandler.REASON);
        assertThat(envelope.getMessage()).contains("magic byte");
        assertThat(envelope.getSourceTopic()).isEqualTo(Topics.REPORTS_RAW);
        assertThat(envelope.getSourcePartition()).isEqualTo(2);
        assertThat(envelope.getSourceOffset()).isEqualTo(41L);
        assertThat(envelope.getOriginalBytes().array()).isEqualTo(original);
        assertThat(envelope.getOriginalTruncated()).isFalse();
    }

    private static DeadLetterDeserializationHandler configuredHandler() {
        final var handler = new DeadLetterDeserializationHandler();
        final java.util.Properties props = new java.util.Properties();
        ErrorHandling.configure(props, new InMemorySchemaRegistryClient());
        @SuppressWarnings("unchecked")
        final Map<String, ?> configs = (Map<String, ?>) (Map<?, ?>) props;
        handler.configure(configs);
        return handler;
    }

    private static SchemaRegistryUnavailableException registryDown() {
        return new SchemaRegistryUnavailableException("writer schema id 3 could not be fetched",
                new SchemaRegistryException("Schema registry cannot be reached", new java.net.ConnectException("refused")));
    }

    @Test
    void shouldFailTheThreadWithoutRejectingWhenTheRegistryIsUnavailable() {
        final var handler = configuredHandler();
        final byte[] valid = {0, 0, 0, 0, 3, 2};
        final var record = new ConsumerRecord<>(Topics.REPORTS_RAW, 2, 41L, "k".getBytes(StandardCharsets.UTF_8), valid);

        final var response = handler.handleError(context("dedup-source", valid), record, registryDown());

        assertThat(response.result()).as("thread replaced, same offset read again").isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).as("a valid record is never dead-lettered").isEmpty();
    }

    @Test
    void shouldSkipOnlyTheClockUpdateOnTheGlobalThreadWhenTheRegistryIsUnavailable() {
        final var handler = configuredHandler();
        final byte[] valid = {0, 0, 0, 0, 3, 2};
        final var record = new ConsumerRecord<>("sitrep.escalation.clock", 0, 5L, "k".getBytes(StandardCharsets.UTF_8), valid);

        final var response = handler.handleError(context("esc-clock-source", valid, new TaskId(-1, -1)), record, registryDown());

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }
}
