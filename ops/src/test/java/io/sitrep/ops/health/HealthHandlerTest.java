package io.sitrep.ops.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthHandlerTest {
    private static final ReadinessCheck KAFKA_UP = () -> CheckResult.ok("kafka", "broker reachable, 3 node(s)");
    private static final ReadinessCheck REGISTRY_DOWN = () -> CheckResult.failed("schemaRegistry", "registry not reachable");

    @Test
    void shouldStayReadyWhenOnlyAnAdvisoryCheckFails() {
        final ObjectNode report = HealthHandler.readiness(List.of(KAFKA_UP, REGISTRY_DOWN.advisory())).report();
        assertThat(report.path("ready").asBoolean()).isTrue();
        assertThat(report.path("checks").get(1).path("ok").asBoolean()).isFalse();
        assertThat(report.path("checks").get(1).path("required").asBoolean(true)).isFalse();
        assertThat(report.path("checks").get(0).has("required")).as("required is the default, not printed").isFalse();
    }

    @Test
    void shouldNotBeReadyWhenARequiredCheckFails() {
        final ObjectNode report = HealthHandler.readiness(List.of(KAFKA_UP, REGISTRY_DOWN)).report();
        assertThat(report.path("ready").asBoolean()).isFalse();
    }

    @Test
    void shouldFailLivenessWhenALivenessCheckFails() {
        final ObjectNode failing = HealthHandler.liveness(List.of(() -> CheckResult.failed("streams", "state ERROR"))).report();
        assertThat(failing.path("status").asText()).isEqualTo("failing");
        assertThat(failing.path("checks").get(0).path("detail").asText()).isEqualTo("state ERROR");
        final ObjectNode plain = HealthHandler.liveness().report();
        assertThat(plain.path("status").asText()).isEqualTo("ok");
        assertThat(plain.has("checks")).isFalse();
    }
}
