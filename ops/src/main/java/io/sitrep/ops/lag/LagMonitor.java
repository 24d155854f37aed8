package io.sitrep.ops.lag;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the lag of a set of consumer groups and keeps the latest verdicts: either on demand
 * ({@link #sample()}, for the CLI) or every {@code interval} on its own daemon thread
 * ({@link #start()}, for servers). Listeners (metrics) are told about every sample.
 *
 * <p>Owns one {@link Admin} and one group-less probe consumer; {@link #close()} closes both.
 * A failed sample (broker unreachable) keeps the last verdicts and reports the error in
 * {@link LagSnapshot#error()}.
 */
public final class LagMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LagMonitor.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Which groups to watch.
     *
     * @param groups    these groups, always
     * @param allGroups also every consumer group the cluster knows
     */
    public record Selection(List<String> groups, boolean allGroups) {
        public Selection {
            groups = List.copyOf(groups);
            if (groups.isEmpty() && !allGroups) {
                throw new IllegalArgumentException("name at least one group, or watch all groups");
            }
        }

        public static Selection of(final String... groups) {
            return new Selection(List.of(groups), false);
        }
    }

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> probe;
    private final GroupLagReader reader;
    private final Selection selection;
    private final LagEvaluator evaluator;
    private final Duration interval;
    private final Clock clock;
    private final List<Consumer<LagSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final Set<String> notFound = new HashSet<>();
    private volatile LagSnapshot latest = LagSnapshot.empty();
    private String clusterId = "";

    private LagMonitor(final Admin admin, final KafkaConsumer<byte[], byte[]> probe, final Selection selection,
                       final LagEvaluator evaluator, final Duration interval, final Clock clock) {
        this.admin = admin;
        this.probe = probe;
        this.reader = new GroupLagReader(admin, probe, PROBE_TIMEOUT, clock);
        this.selection = selection;
        this.evaluator = evaluator;
        this.interval = interval;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "sitrep-lag-monitor");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param bootstrapServers Kafka bootstrap servers
     * @param kafkaProperties  extra client properties (security), applied to the admin and the probe
     * @param interval         time between samples once {@link #start()}ed
     */
    public static LagMonitor create(final String bootstrapServers, final Map<String, ?> kafkaProperties,
                                    final Selection selection, final LagEvaluator evaluator, final Duration interval) {
        final Map<String, Object> adminProps = new HashMap<>(kafkaProperties);
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        adminProps.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "sitrep-lag-admin");
        adminProps.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        adminProps.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        final Map<String, Object> probeProps = new HashMap<>(kafkaProperties);
        probeProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        probeProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "sitrep-lag-probe");
        // no group: the probe never joins or commits, it only reads one record per lagging partition
        probeProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        probeProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        probeProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // a committed offset already deleted by retention: the oldest record still there is the oldest unconsumed one
        probeProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        probeProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        probeProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        probeProps.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, GroupLagReader.PROBE_FETCH_MAX_BYTES);
        final Admin admin = Admin.create(adminProps);
        try {
            final KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(probeProps, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            return new LagMonitor(admin, probe, selection, evaluator, interval, Clock.systemUTC());
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            throw e;
        }
    }

    /** Samples every {@code interval} on a daemon thread, starting now. */
    public LagMonitor start() {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                sample();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("Lag sample failed", e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Called with every new snapshot, on the sampling thread. */
    public void addListener(final Consumer<LagSnapshot> listener) {
        listeners.add(listener);
    }

    /** The last snapshot taken; {@link LagSnapshot#empty()} before the first. */
    public LagSnapshot latest() {
        return latest;
    }

    public Duration window() {
        return evaluator.window();
    }

    public Duration interval() {
        return interval;
    }

    /** Takes one sample now, on the caller's thread, and returns it (also to listeners). */
    public synchronized LagSnapshot sample() throws InterruptedException {
        LagSnapshot snapshot;
        try {
            final List<String> groups = groups();
            final Map<String, ConsumerGroupDescription> described = describe(groups);
            final List<GroupVerdict> verdicts = new ArrayList<>();
            for (String group : groups) {
                final ConsumerGroupDescription d = described.get(group);
                final List<PartitionLag> lags = reader.read(group);
                final boolean missing = d == null && notFound.contains(group);
                final String state = missing ? "NOT_FOUND" : d == null ? "UNKNOWN" : String.valueOf(d.groupState());
                final int members = missing ? 0 : d == null ? -1 : d.members().size();
                verdicts.add(evaluator.evaluate(new GroupReading(group, clock.instant(), state, members, lags)));
            }
            snapshot = new LagSnapshot(clock.instant(), verdicts, Optional.empty(), clusterId());
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            final Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            log.warn("Could not read consumer lag: {}", cause.toString());
            snapshot = new LagSnapshot(clock.instant(), latest.groups(), Optional.of(cause.toString()), clusterId);
        }
        latest = snapshot;
        for (Consumer<LagSnapshot> listener : listeners) {
            listener.accept(snapshot);
        }
        return snapshot;
    }

    /** The cluster's id, read once: the {@code cluster_name} of the lag series. */
    private String clusterId() throws InterruptedException, ExecutionException, TimeoutException {
        if (clusterId.isEmpty()) {
            final String id = admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
            clusterId = id == null ? "" : id;
        }
        return clusterId;
    }

    private List<String> groups() throws InterruptedException, ExecutionException, TimeoutException {
        final TreeSet<String> groups = new TreeSet<>(selection.groups());
        if (selection.allGroups()) {
            for (GroupListing listing : admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(10, TimeUnit.SECONDS)) {
                groups.add(listing.groupId());
            }
        }
        return List.copyOf(groups);
    }

    private Map<String, ConsumerGroupDescription> describe(final List<String> groups) throws InterruptedException {
        final Map<String, ConsumerGroupDescription> described = new HashMap<>();
        notFound.clear();
        for (Map.Entry<String, KafkaFuture<ConsumerGroupDescription>> e
                : admin.describeConsumerGroups(groups).describedGroups().entrySet()) {
            try {
                described.put(e.getKey(), e.getValue().get(10, TimeUnit.SECONDS));
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof GroupIdNotFoundException) {
                    // the coordinator knows no such group: nobody is a member of it
                    notFound.add(e.getKey());
                } else {
                    // e.g. a group on another protocol (streams groups, KIP-1071): its membership
                    // stays unknown, and STOPPED is never concluded for it
                    log.debug("Could not describe group {}: {}", e.getKey(), ex.toString());
                }
            } catch (TimeoutException ex) {
                // a slow coordinator: membership unknown for this sample
                log.debug("Could not describe group {}: {}", e.getKey(), ex.toString());
            }
        }
        return described;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            probe.close(Duration.ofSeconds(2));
            admin.close(Duration.ofSeconds(2));
        }
    }
}
