package io.sitrep.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/** The Confluent wire format's 5-byte header: magic byte {@code 0} and a 4-byte big-endian schema id. */
final class WireFormat {
    static final byte MAGIC_BYTE = 0;
    static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    static byte[] header(final int schemaId) {
        return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /** The schema id of a record; bytes not in the wire format raise {@link SerializationException}. */
    static int schemaId(final String topic, final byte[] bytes) {
        if (bytes.length < HEADER_LENGTH) {
            throw new SerializationException("Record of topic " + topic + " is " + bytes.length
                    + " bytes long: too short for the Confluent wire format (magic byte + 4-byte schema id + Avro)");
        }
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        final byte magic = buffer.get();
        if (magic != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Unknown magic byte 0x%02x in record of topic %s: expected 0x00 (Confluent wire format)", magic, topic));
        }
        return buffer.getInt();
    }
}
