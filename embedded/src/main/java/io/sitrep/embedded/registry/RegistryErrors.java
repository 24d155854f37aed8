package io.sitrep.embedded.registry;

import io.sitrep.schemas.registry.SchemaRegistryException;

/** Confluent's error answers that several parts of the registry give, worded as Confluent words them. */
final class RegistryErrors {
    private RegistryErrors() {
    }

    static SchemaRegistryException subjectNotFound(final String subject) {
        return new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    static SchemaRegistryException versionNotFound(final String subject, final int version) {
        return new SchemaRegistryException(404, SchemaRegistryException.VERSION_NOT_FOUND,
                "Version " + (version == -1 ? "latest" : version) + " not found.");
    }

    static SchemaRegistryException noSubjectLevel(final String subject) {
        return new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    static SchemaRegistryException storeError(final String message, final Exception cause) {
        final SchemaRegistryException e = new SchemaRegistryException(500, SchemaRegistryException.STORE_ERROR,
                message + (cause == null ? "" : ": " + cause));
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
