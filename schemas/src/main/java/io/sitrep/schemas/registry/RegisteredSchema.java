package io.sitrep.schemas.registry;

import org.apache.avro.Schema;

/** One version of a subject: as answered by {@code GET /subjects/{s}/versions/{v}}. */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
}
