package io.sitrep.schemas.registry;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API a serde needs. Implementations: an HTTP client for
 * a real registry (Confluent, Karapace, Redpanda, Apicurio ccompat, or sitrep's embedded one) and
 * an in-memory one for unit and topology tests.
 *
 * <p>All methods throw {@link SchemaRegistryException} with the registry's error code when the
 * registry refuses, and when it cannot be reached.
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject} and returns its global id. Idempotent: the same
     * schema registered again (under any subject) gets the same id.
     */
    int register(String subject, Schema schema);

    /** The schema with this global id. Error code 40403 when the id is unknown. */
    Schema getById(int id);

    /** The latest version registered under {@code subject}. Error code 40401 when there is none. */
    RegisteredSchema latest(String subject);

    /**
     * The live version of {@code subject} that holds {@code schema} (compared in canonical form),
     * without registering anything: what a serializer with {@code auto.register.schemas=false}
     * asks. Error code 40401 when the subject is unknown, 40403 when the schema is not under it.
     */
    default RegisteredSchema lookup(final String subject, final Schema schema) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot look schemas up");
    }
}
