package io.sitrep.ingest.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Prints {@link LoadProgress}: on a terminal, one bar redrawn in place with percentage, rate and
 * ETA; otherwise a plain line at most every {@code plainEvery} (logs and CI stay readable).
 */
public final class ProgressPrinter implements LoadProgress {

    private static final int BAR = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private final Duration plainEvery;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private long lastPrintNanos;
    private long bytesRead;
    private long totalBytes = -1;

    /**
     * @param terminal   draw a bar ({@code System.console() != null}) or print plain lines
     * @param plainEvery least time between plain lines
     */
    public ProgressPrinter(final PrintWriter out, final boolean terminal, final Duration plainEvery, final LongSupplier nanoTime) {
        this.out = out;
        this.terminal = terminal;
        this.plainEvery = plainEvery;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        this.lastPrintNanos = startNanos;
    }

    @Override
    public void onPosition(final long read, final long total) {
        this.bytesRead = read;
        this.totalBytes = total;
    }

    @Override
    public void onProgress(final int read, final int sent, final int rejected, final int failed) {
        final long now = nanoTime.getAsLong();
        final boolean done = totalBytes > 0 && bytesRead >= totalBytes;
        if (!terminal && !done && now - lastPrintNanos < plainEvery.toNanos()) {
            return;
        }
        lastPrintNanos = now;
        final double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        final double rate = read / seconds;
        final String counts = String.format(Locale.ROOT, "%,d read  %,d stored  %,d rejected  %,d failed  %,.0f lines/s",
                read, sent, rejected, failed, rate);
        if (totalBytes > 0) {
            final double fraction = Math.min(1, (double) bytesRead / totalBytes);
            final long etaSeconds = fraction > 0 ? (long) (seconds / fraction - seconds) : -1;
            final String eta = etaSeconds < 0 ? "?" : String.format(Locale.ROOT, "%d:%02d", etaSeconds / 60, etaSeconds % 60);
            if (terminal) {
                final int filled = (int) (fraction * BAR);
                out.printf(Locale.ROOT, "\r[%s%s] %3.0f%%  %s  ETA %s ", "#".repeat(filled), ".".repeat(BAR - filled),
                        fraction * 100, counts, eta);
            } else {
                out.printf(Locale.ROOT, "%3.0f%%  %s  ETA %s%n", fraction * 100, counts, eta);
            }
        } else {
            out.printf(Locale.ROOT, terminal ? "\r%s " : "%s%n", counts);
        }
        out.flush();
    }

    /** Ends the bar's line on a terminal. */
    public void finish() {
        if (terminal) {
            out.println();
            out.flush();
        }
    }
}
