package io.sitrep.schemas.registry;

/**
 * A reference from one schema to a named type registered under another subject, as in
 * Confluent's {@code "references": [{"name": ..., "subject": ..., "version": ...}]}. For Avro,
 * {@code name} is the full name of the referenced type.
 */
public record SchemaReference(String name, String subject, int version) {
}
