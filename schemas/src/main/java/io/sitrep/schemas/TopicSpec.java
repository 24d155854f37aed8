package io.sitrep.schemas;

import org.apache.kafka.common.serialization.Serde;

/** A topic with the serdes of its keys and values, so call sites state types, not strings. */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
