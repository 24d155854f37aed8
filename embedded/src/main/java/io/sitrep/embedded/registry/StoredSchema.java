package io.sitrep.embedded.registry;

import java.util.List;

import io.sitrep.schemas.registry.SchemaReference;
import org.apache.avro.Schema;

/** A schema by global id: canonical text, references and the parsed form. */
record StoredSchema(String schema, List<SchemaReference> references, Schema parsed) {
    /** Two registrations are the same schema when text and references are: then they share an id. */
    String identity() {
        return schema + "\u0000" + references;
    }
}
