package io.sitrep.app.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Report texts written ahead of a phase and kept deflated until they are sent, one by one, as
 * UTF-8. The latency phase runs for as long as it offers reports: written during the phase, its
 * texts took the sender about 0.05 ms of CPU per report beside the pipeline (round 24); held as
 * strings, 30,000 article-size reports would hold about 150 MB of a 1 GB heap that the dedup index
 * needs. Deflated at the fastest level they take less than half of that (about 2.2 KB a report), and
 * inflating one is a few microseconds. Not thread-safe (one inflater is reused).
 */
final class PackedTexts {
    private final List<byte[]> packed = new ArrayList<>();
    private final List<Integer> lengths = new ArrayList<>();
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    private final Inflater inflater = new Inflater();
    private byte[] scratch = new byte[64 * 1024];
    private long packedBytes;

    /** Keeps {@code text}; returns its index. */
    int add(final String text) {
        final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        deflater.reset();
        deflater.setInput(utf8);
        deflater.finish();
        int n = 0;
        while (!deflater.finished()) {
            if (n == scratch.length) {
                scratch = Arrays.copyOf(scratch, scratch.length * 2);
            }
            n += deflater.deflate(scratch, n, scratch.length - n);
        }
        packed.add(Arrays.copyOf(scratch, n));
        lengths.add(utf8.length);
        packedBytes += n;
        return packed.size() - 1;
    }

    /** The UTF-8 bytes of text {@code index}. */
    byte[] utf8(final int index) {
        final byte[] out = new byte[lengths.get(index)];
        inflater.reset();
        inflater.setInput(packed.get(index));
        try {
            int n = 0;
            while (n < out.length) {
                final int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.finished() || inflater.needsInput())) {
                    break;
                }
                n += got;
            }
            if (n != out.length) {
                throw new IllegalStateException("text " + index + " inflated to " + n + " of " + out.length + " bytes");
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException("text " + index + " does not inflate", e);
        }
        return out;
    }

    int size() {
        return packed.size();
    }

    /** Bytes held, deflated. */
    long packedBytes() {
        return packedBytes;
    }

    /** Releases the deflater's and inflater's native memory. */
    void close() {
        deflater.end();
        inflater.end();
    }
}
