package io.sitrep.schemas.registry;

import java.util.LinkedHashMap;
import java.util.Map;

/** A small thread-safe LRU map: a long-running client must not grow without bound. */
final class BoundedCache<K, V> {
    private final int capacity;
    private final Map<K, V> map;

    BoundedCache(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(final Map.Entry<K, V> eldest) {
                return size() > BoundedCache.this.capacity;
            }
        };
    }

    synchronized V get(final K key) {
        return map.get(key);
    }

    synchronized void put(final K key, final V value) {
        map.put(key, value);
    }

    synchronized int size() {
        return map.size();
    }
}
