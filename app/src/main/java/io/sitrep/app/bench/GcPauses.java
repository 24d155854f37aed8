package io.sitrep.app.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The collections this JVM reported while it runs, each with its duration, from the collectors'
 * notifications. For G1 on Java 17 these are the stop-the-world pauses that collect (young, mixed,
 * full); its concurrent cycle's remark and cleanup pauses are not reported by Java 17, and the
 * concurrent marking runs beside the application. A phase reads the pauses that ended inside it:
 * while one lasts every thread of the process stands still, so a pause of a second is a second
 * added to the latency of every report in flight.
 */
final class GcPauses implements AutoCloseable {
    /** One collection: when its notification arrived ({@link System#nanoTime}), its duration, collector and cause. */
    record Pause(long endNanos, long millis, String collector, String cause) {
    }

    private final ConcurrentLinkedQueue<Pause> pauses = new ConcurrentLinkedQueue<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;

    GcPauses() {
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    private void onNotification(final Notification n, final Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        final GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        record(new Pause(System.nanoTime(), info.getGcInfo().getDuration(), info.getGcName(), info.getGcCause()));
    }

    void record(final Pause pause) {
        pauses.add(pause);
    }

    /** The pauses that ended between the two {@link System#nanoTime} readings. */
    List<Pause> between(final long fromNanos, final long toNanos) {
        return pauses.stream().filter(p -> p.endNanos() - fromNanos >= 0 && toNanos - p.endNanos() >= 0).toList();
    }

    /**
     * A phase's pauses as figures: how many, their total and the longest, in milliseconds, and the
     * collector and cause of the longest.
     */
    static Map<String, Object> figures(final List<Pause> pauses) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", pauses.size());
        m.put("totalMs", pauses.stream().mapToLong(Pause::millis).sum());
        final Pause longest = pauses.stream().max((a, b) -> Long.compare(a.millis(), b.millis())).orElse(null);
        m.put("maxMs", longest == null ? 0 : longest.millis());
        if (longest != null) {
            m.put("longest", longest.collector() + " (" + longest.cause() + ")");
        }
        return m;
    }

    @Override
    public void close() {
        for (final NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (final ListenerNotFoundException e) {
                // already gone: nothing to undo
            }
        }
    }
}
