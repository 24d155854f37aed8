package io.sitrep.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.sitrep.schemas.avro.EscalationLevel;
import io.sitrep.schemas.avro.RegionEscalation;
import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import io.sitrep.schemas.registry.SchemaRegistryClient;
import io.sitrep.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A registry that cannot answer now is told apart from a definite "no such schema". */
class RegistryUnavailableTest {
    private static final String TOPIC = "sitrep.escalation.latest";
    /** Wire format: magic byte 0, schema id 7, then an (irrelevant) Avro body. */
    private static final byte[] RECORD = {0, 0, 0, 0, 7, 2, 4};

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String answering(final int status, final String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static SchemaRegistryClient client(final String url) {
        return HttpSchemaRegistryClient.builder(url).retries(0).requestTimeout(Duration.ofSeconds(2)).build();
    }

    @Test
    void shouldRaiseUnavailableWhenTheRegistryCannotBeReached() throws IOException {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        final var deserializer = new AvroDeserializer<>(client("http://127.0.0.1:" + closedPort), RegionEscalation.class);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, RECORD))
                .isInstanceOf(SchemaRegistryUnavailableException.class).hasMessageContaining("schema id 7");
    }

    @Test
    void shouldRaiseUnavailableWhenTheRegistryAnswers503() throws IOException {
        final var deserializer = new GenericAvroDeserializer(client(answering(503,
                "{\"error_code\":50003,\"message\":\"store not ready\"}")));

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, RECORD)).isInstanceOf(SchemaRegistryUnavailableException.class);
    }

    @Test
    void shouldStayAPlainSerializationErrorWhenTheSchemaIdIsUnknown() throws IOException {
        final var deserializer = new AvroDeserializer<>(client(answering(404,
                "{\"error_code\":40403,\"message\":\"Schema 7 not found\"}")), RegionEscalation.class);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, RECORD))
                .isInstanceOf(SerializationException.class).isNotInstanceOf(SchemaRegistryUnavailableException.class);
    }

    @Test
    void shouldRaiseUnavailableFromTheSerializerWhenTheRegistryIsDown() throws IOException {
        final var serializer = new AvroSerializer<RegionEscalation>(client(answering(500, "oops")), false);
        final RegionEscalation value = RegionEscalation.newBuilder().setRegionCode("AF-KHO").setRegionName("Khost")
                .setAsOf(LocalDate.of(2026, 3, 1)).setLevel(EscalationLevel.QUIET)
                .setLevelSince(LocalDate.of(2026, 3, 1)).setC7(0).setB28(0).setRatio(0).setZ(null)
                .setTotalEvents(0).setFlags(List.of()).setUpdatedAt(Instant.EPOCH).build();

        assertThatThrownBy(() -> serializer.serialize(TOPIC, value)).isInstanceOf(SchemaRegistryUnavailableException.class);
    }

    @Test
    void shouldFindTheUnavailableCauseInsideWrappers() {
        final var cause = new SchemaRegistryUnavailableException("down",
                new SchemaRegistryException(503, 50003, "down"));

        assertThat(SchemaRegistryUnavailableException.isCauseOf(new RuntimeException("outer", new IllegalStateException(cause))))
                .isTrue();
        assertThat(SchemaRegistryUnavailableException.isCauseOf(new SerializationException("bad bytes"))).isFalse();
    }
}
