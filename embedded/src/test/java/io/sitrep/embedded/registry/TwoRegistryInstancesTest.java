package io.sitrep.embedded.registry;

import static io.sitrep.embedded.registry.RegistryHttp.field;
import static io.sitrep.embedded.registry.RegistryHttp.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.sitrep.schemas.registry.HttpSchemaRegistryClient;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two registry instances on one broker, registering at the same time: ids must never collide,
 * versions of one subject must not be handed out twice, and both instances must agree.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TwoRegistryInstancesTest {
    private static final Logger log = LoggerFactory.getLogger(TwoRegistryInstancesTest.class);
    private static final int THREADS_PER_INSTANCE = 3;
    private static final int SCHEMAS_PER_THREAD = 12;

    @RegisterExtension
    static final RegistryTestCluster CLUSTER = new RegistryTestCluster();
    private static EmbeddedSchemaRegistry first;
    private static EmbeddedSchemaRegistry second;

    @BeforeAll
    static void start() {
        first = CLUSTER.registry();
        second = CLUSTER.registry();
    }

    @Test
    void shouldNeverHandOutOneIdForTwoSchemasWhenBothInstancesRegisterAtOnce() throws Exception {
        final List<EmbeddedSchemaRegistry> instances = List.of(first, second);
        final Map<Schema, Integer> idBySchema = new ConcurrentHashMap<>();
        final Map<String, List<Integer>> sharedSubjectIds = new ConcurrentHashMap<>();
        final ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_INSTANCE);
        final CountDownLatch go = new CountDownLatch(1);
        final List<Future<?>> done = new ArrayList<>();
        final long started = System.nanoTime();
        try {
            for (int i = 0; i < instances.size(); i++) {
                for (int t = 0; t < THREADS_PER_INSTANCE; t++) {
                    final HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(instances.get(i).url());
                    final String worker = "w" + i + "_" + t;
                    done.add(pool.submit((Callable<Void>) () -> {
                        go.await();
                        for (int n = 0; n < SCHEMAS_PER_THREAD; n++) {
                            // a schema of its own, under a subject of its own...
                            final Schema own = record("Own_" + worker + "_" + n, field("a", "\"string\""));
                            idBySchema.put(own, client.register("own-" + worker + "-" + n + "-value", own));
                            // ...and a new optional field on one subject every worker evolves
                            final Schema shared = record("Shared", field("f_" + worker + "_" + n, "\"int\"", "0"));
                            final int id = client.register("shared-value", shared);
                            idBySchema.put(shared, id);
                            sharedSubjectIds.computeIfAbsent(worker, w -> new ArrayList<>()).add(id);
                        }
                        return null;
                    }));
                }
            }
            go.countDown();
            for (final Future<?> f : done) {
                f.get(150, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        final int total = idBySchema.size();
        log.info("Registered {} schemas through two instances in {} ms; writes/fencings first={} second={}", total, millis,
                java.util.Arrays.toString(first.writeStats()), java.util.Arrays.toString(second.writeStats()));

        // distinct schemas, distinct ids
        assertThat(total).isEqualTo(2 * 2 * THREADS_PER_INSTANCE * SCHEMAS_PER_THREAD);
        assertThat(new HashMap<>(idBySchema).values()).doesNotHaveDuplicates();
        // both instances agree on every id, and on the shared subject's history
        final HttpSchemaRegistryClient a = new HttpSchemaRegistryClient(first.url());
        final HttpSchemaRegistryClient b = new HttpSchemaRegistryClient(second.url());
        idBySchema.forEach((schema, id) -> {
            assertThat(a.getById(id)).isEqualTo(schema);
            assertThat(b.getById(id)).isEqualTo(schema);
        });
        final List<Integer> versions = a.versions("shared-value");
        assertThat(versions).hasSize(2 * THREADS_PER_INSTANCE * SCHEMAS_PER_THREAD);
        assertThat(versions).isEqualTo(b.versions("shared-value"));
        for (final int v : versions) {
            assertThat(a.version("shared-value", v)).isEqualTo(b.version("shared-value", v));
        }
        // and a third instance started afterwards reads the same picture from the log
        try (EmbeddedSchemaRegistry third = EmbeddedSchemaRegistry.start(CLUSTER.bootstrapServers(), 0)) {
            final HttpSchemaRegistryClient c = new HttpSchemaRegistryClient(third.url());
            idBySchema.forEach((schema, id) -> assertThat(c.getById(id)).isEqualTo(schema));
            assertThat(c.versions("shared-value")).isEqualTo(versions);
        }
    }
}
