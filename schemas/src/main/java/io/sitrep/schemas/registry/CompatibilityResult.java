package io.sitrep.schemas.registry;

import java.util.List;

/**
 * The answer of {@code POST /compatibility/subjects/{s}/versions/{v}?verbose=true}: whether a
 * schema may be registered, and the registry's reasons when it may not (Confluent's strings, e.g.
 * {@code {errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'b' at path
 * '/fields/1' in the new schema has no default value and is missing in the old schema', ...}}).
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {
    public CompatibilityResult {
        messages = List.copyOf(messages);
    }
}
