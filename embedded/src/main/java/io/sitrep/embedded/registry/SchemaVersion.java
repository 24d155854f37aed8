package io.sitrep.embedded.registry;

import java.util.List;

import io.sitrep.schemas.registry.SchemaReference;

/** One version of a subject, as the API answers it and as a {@code SCHEMA} record holds it. {@code schema} is the canonical text. */
record SchemaVersion(String subject, int version, int id, String schema, List<SchemaReference> references, boolean deleted) {
}
