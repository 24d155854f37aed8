package io.sitrep.schemas.serde;

import java.io.OutputStream;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * One thread's sink for the records it serialises, reused from record to record: an
 * unsynchronised growable byte array and the Avro encoder writing into it. A
 * {@code ByteArrayOutputStream} per record was the largest allocator of the dedup stage (a 4 KB
 * record grew it five times, then {@code toByteArray} copied it once more). Not thread-safe: get it
 * from {@link #forThisThread()}.
 */
final class RecordBuffer extends OutputStream {
    /** Larger than most records, so the buffer rarely grows. */
    private static final int INITIAL = 8 * 1024;
    /** A buffer grown past this for one huge record is dropped after it, not kept by the thread forever. */
    private static final int KEEP_AT_MOST = 1024 * 1024;
    private static final ThreadLocal<RecordBuffer> BUFFERS = ThreadLocal.withInitial(RecordBuffer::new);

    private byte[] bytes = new byte[INITIAL];
    private int size;
    private BinaryEncoder encoder;

    private RecordBuffer() {
    }

    /** This thread's buffer, emptied, holding {@code header} at its start. */
    static RecordBuffer forThisThread(final byte[] header) {
        final RecordBuffer buffer = BUFFERS.get();
        if (buffer.bytes.length > KEEP_AT_MOST) {
            buffer.bytes = new byte[INITIAL];
        }
        buffer.size = 0;
        buffer.write(header, 0, header.length);
        return buffer;
    }

    /** An encoder that writes straight into this buffer (no buffering of its own, nothing to lose on reuse). */
    BinaryEncoder encoder() {
        encoder = EncoderFactory.get().directBinaryEncoder(this, encoder);
        return encoder;
    }

    @Override
    public void write(final int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(final byte[] b, final int off, final int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    /** The bytes written since {@link #forThisThread}, as a new array of exactly that length. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(final int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
