package io.sitrep.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * Amazon MSK with IAM authentication: the settings of docs/deploy.md are accepted by a Kafka
 * client of the app's classpath (login module and callback handler load, the SASL mechanism
 * {@code AWS_MSK_IAM} is configured). No connection is made: the broker address is unreachable,
 * and the client is closed before it tries.
 */
class MskIamAuthTest {
    /** Exactly what docs/deploy.md tells operators to set, as SITREP_KAFKA_* variables. */
    static final Map<String, Object> MSK_IAM = Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "AWS_MSK_IAM",
            "sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;",
            "sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler");

    @Test
    void shouldCreateAKafkaClientWithTheMskIamSettings() throws Exception {
        final Map<String, Object> props = new HashMap<>(MSK_IAM);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        try (Admin admin = Admin.create(props)) {
            assertThat(admin).isNotNull();
            admin.close(Duration.ZERO);
        }
        assertThat(Class.forName("software.amazon.msk.auth.iam.IAMLoginModule")).isNotNull();
    }
}
