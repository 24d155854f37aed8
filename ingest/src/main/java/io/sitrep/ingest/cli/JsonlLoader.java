package io.sitrep.ingest.cli;

import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.validate.ReportValidator;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a JSONL file, one report per line (format: {@link ReportValidator}), through a
 * {@link LineSink}: straight to Kafka with the same validation and publisher as the HTTP endpoint
 * ({@link KafkaLineSink}), or to an ingest endpoint ({@link HttpLineSink}). Blank lines and lines
 * whose first non-blank character is {@code #} are skipped. Lines longer than the line cap
 * (default 1 MiB, as over HTTP) are refused as {@code TEXT_TOO_LARGE} without being held in memory.
 *
 * <p>Sends are asynchronous with at most {@code maxInFlight} lines unsettled, so a large file
 * neither crawls at one round trip per line nor fills the producer buffer. {@link #load} returns
 * only when every line has settled (or the acknowledgement timeout passed). Loading the same file
 * twice is harmless: report ids are stable and dedup drops the repeats.
 *
 * <p>Resume: {@link #load(InputStream, String, LoadProgress, LoadCheckpoint, Consumer)} starts
 * at a {@link LoadCheckpoint} (the caller positions the stream at its offset) and hands out new
 * checkpoints as lines settle: every line before one is stored or refused.
 *
 * <p>Prints nothing and never exits: the app's CLI turns the {@link LoadSummary} into output and
 * an exit code. Not thread-safe: one load at a time per instance.
 */
public final class JsonlLoader {

    /** Default bound on unsettled lines. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 500;
    /** Default cap on one line, the same as the HTTP body cap. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
    /**
     * Default wait for acknowledgements, both for a free in-flight slot and at the end. Longer
     * than the publisher's {@code delivery.timeout.ms}, after which every send has completed.
     */
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofMinutes(2);
    /** How many report lines pass between progress (and checkpoint) calls. */
    public static final int PROGRESS_EVERY_LINES = 1_000;
    /** Most entries kept in each line list of the summary. */
    public static final int MAX_LISTED_LINES = 10_000;

    private static final Logger log = LoggerFactory.getLogger(JsonlLoader.class);

    private final LineSink sink;
    private final int maxInFlight;
    private final int maxLineBytes;
    private final Duration ackTimeout;

    /** A loader straight to Kafka with the default limits. */
    public JsonlLoader(final ReportValidator validator, final ReportPublisher publisher, final Clock clock) {
        this(validator, publisher, clock, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_LINE_BYTES, DEFAULT_ACK_TIMEOUT);
    }

    /** A loader straight to Kafka ({@link KafkaLineSink}). */
    public JsonlLoader(final ReportValidator validator, final ReportPublisher publisher, final Clock clock,
            final int maxInFlight, final int maxLineBytes, final Duration ackTimeout) {
        this(new KafkaLineSink(validator, publisher, clock, maxLineBytes), maxInFlight, maxLineBytes, ackTimeout);
    }

    /**
     * @param sink         where lines go
     * @param maxInFlight  bound on unsettled lines
     * @param maxLineBytes longer lines are refused
     * @param ackTimeout   longest wait for a free in-flight slot and for the final outcomes
     */
    public JsonlLoader(final LineSink sink, final int maxInFlight, final int maxLineBytes, final Duration ackTimeout) {
        this.sink = Objects.requireNonNull(sink, "sink");
        if (maxInFlight <= 0 || maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxInFlight and maxLineBytes must be positive");
        }
        this.maxInFlight = maxInFlight;
        this.maxLineBytes = maxLineBytes;
        this.ackTimeout = Objects.requireNonNull(ackTimeout, "ackTimeout");
    }

    /** Loads {@code file} without progress reports. */
    public LoadSummary load(final Path file) throws IOException, InterruptedException {
        return load(file, LoadProgress.NONE);
    }

    /**
     * Loads {@code file} from its start.
     *
     * @throws IOException           when the file cannot be read
     * @throws InterruptedException  when interrupted while waiting for acknowledgements
     * @throws IllegalStateException when no line settles within the acknowledgement timeout
     *                               while waiting for a free in-flight slot (the sink is stuck)
     */
    public LoadSummary load(final Path file, final LoadProgress progress) throws IOException, InterruptedException {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.getFileName().toString(), progress);
        }
    }

    /**
     * Loads JSONL from a stream (not closed here), from its start.
     *
     * @param source name used in rejection messages, e.g. the file name
     */
    public LoadSummary load(final InputStream in, final String source, final LoadProgress progress)
            throws IOException, InterruptedException {
        return load(in, source, progress, LoadCheckpoint.START, checkpoint -> { });
    }

    /**
     * Loads JSONL from a stream positioned at {@code start.offset()}; line numbers continue from
     * {@code start.nextLine()}.
     *
     * @param onCheckpoint receives a checkpoint at every progress call and at the end (loader thread)
     */
    public LoadSummary load(final InputStream in, final String source, final LoadProgress progress,
            final LoadCheckpoint start, final Consumer<LoadCheckpoint> onCheckpoint) throws IOException, InterruptedException {
        final Run run = new Run(source, progress);
        final LineReader lines = new LineReader(new BufferedInputStream(in, 64 * 1024), maxLineBytes, start.nextLine() - 1,
                start.offset());
        for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
            if (!line.skippable()) {
                run.process(line);
                if (run.read % PROGRESS_EVERY_LINES == 0) {
                    run.report(lines, start.fileSize(), onCheckpoint);
                }
            }
        }
        final LoadSummary summary = run.finish();
        run.report(lines, start.fileSize(), onCheckpoint);
        return summary;
    }

    /** State of one load. Callbacks from the sink's threads touch only the concurrent parts. */
    private final class Run {
        private final String source;
        private final LoadProgress progress;
        private final Semaphore inFlight = new Semaphore(maxInFlight);
        private final Map<Integer, Boolean> unsettled = new ConcurrentHashMap<>();
        // line -> start offset of lines not yet stored or refused; failed lines stay (resume resends them)
        private final ConcurrentSkipListMap<Integer, Long> holdBack = new ConcurrentSkipListMap<>();
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicInteger rejected = new AtomicInteger();
        private final List<LoadSummary.RejectedLine> rejectedLines = new ArrayList<>();
        private final List<LoadSummary.RejectedLine> failedLines = new ArrayList<>();
        private int read;

        Run(final String source, final LoadProgress progress) {
            this.source = source;
            this.progress = Objects.requireNonNull(progress, "progress");
        }

        void process(final LineReader.Line line) throws InterruptedException {
            read++;
            if (!inFlight.tryAcquire(ackTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("no outcome within " + ackTimeout + " with " + maxInFlight
                        + " lines in flight; stopped after line " + line.number() + " of " + source);
            }
            final int number = line.number();
            unsettled.put(number, Boolean.TRUE);
            holdBack.put(number, line.offset());
            // runs on the sink's thread: only counters and short synchronized adds here
            sink.submit(source, number, line.bytes(), line.truncated()).whenComplete((result, error) -> {
                if (unsettled.remove(number) != null) {
                    if (error == null && result.kind() == LineSink.LineResult.Kind.STORED) {
                        sent.incrementAndGet();
                        holdBack.remove(number);
                    } else if (error == null && result.kind() == LineSink.LineResult.Kind.REJECTED) {
                        rejected.incrementAndGet();
                        holdBack.remove(number);
                        add(rejectedLines, new LoadSummary.RejectedLine(number, result.code(), result.message()));
                    } else {
                        failed.incrementAndGet();
                        final String code = error == null ? result.code() : "SEND_FAILED";
                        final String message = error == null ? result.message() : error.toString();
                        add(failedLines, new LoadSummary.RejectedLine(number, code, message));
                    }
                }
                inFlight.release();
            });
        }

        void report(final LineReader lines, final long fileSize, final Consumer<LoadCheckpoint> onCheckpoint) {
            final LoadCheckpoint afterRead = lines.after(fileSize);
            progress.onPosition(afterRead.offset(), fileSize);
            progress.onProgress(read, sent.get(), rejected.get(), failed.get());
            final Map.Entry<Integer, Long> first = holdBack.firstEntry();
            onCheckpoint.accept(first == null ? afterRead : new LoadCheckpoint(first.getKey(), first.getValue(), fileSize));
        }

        LoadSummary finish() throws InterruptedException {
            if (!inFlight.tryAcquire(maxInFlight, ackTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Load of {}: {} lines without an outcome within {}", source, unsettled.size(), ackTimeout);
            }
            // whatever is still unsettled now is counted as failed, exactly once (remove wins)
            for (final Integer lineNumber : List.copyOf(unsettled.keySet())) {
                if (unsettled.remove(lineNumber) != null) {
                    failed.incrementAndGet();
                    add(failedLines, new LoadSummary.RejectedLine(lineNumber, "PUBLISH_TIMEOUT",
                            "no outcome within " + ackTimeout + "; may or may not be stored"));
                }
            }
            final List<LoadSummary.RejectedLine> refusals = sorted(rejectedLines);
            final List<LoadSummary.RejectedLine> failures = sorted(failedLines);
            log.info("Loaded {}: read={} sent={} rejected={} failed={}", source, read, sent.get(), rejected.get(), failed.get());
            return new LoadSummary(read, sent.get(), rejected.get(), failed.get(), refusals, failures);
        }

        private void add(final List<LoadSummary.RejectedLine> lines, final LoadSummary.RejectedLine line) {
            synchronized (lines) {
                if (lines.size() < MAX_LISTED_LINES) {
                    lines.add(line);
                }
            }
        }

        private List<LoadSummary.RejectedLine> sorted(final List<LoadSummary.RejectedLine> lines) {
            final List<LoadSummary.RejectedLine> copy;
            synchronized (lines) {
                copy = new ArrayList<>(lines);
            }
            copy.sort(Comparator.comparingInt(LoadSummary.RejectedLine::lineNumber));
            return copy;
        }
    }

    /** Splits a byte stream on {@code \n} (dropping a trailing {@code \r}), keeping at most a cap per line. */
    static final class LineReader {
        private final InputStream in;
        private final int maxLineBytes;
        private int lineNumber;
        private long offset;

        LineReader(final InputStream in, final int maxLineBytes, final int linesBefore, final long startOffset) {
            this.in = in;
            this.maxLineBytes = maxLineBytes;
            this.lineNumber = linesBefore;
            this.offset = startOffset;
        }

        /** Where a load resumes after the last line returned: the next line, just after its line break. */
        LoadCheckpoint after(final long fileSize) {
            return new LoadCheckpoint(lineNumber + 1, offset, fileSize);
        }

        /** The next line, or {@code null} at the end of the stream. */
        Line next() throws IOException {
            final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            boolean truncated = false;
            final long start = offset;
            int b = in.read();
            if (b < 0) {
                return null;
            }
            offset++;
            while (b >= 0 && b != '\n') {
                if (buffer.size() < maxLineBytes) {
                    buffer.write(b);
                } else {
                    truncated = true;
                }
                b = in.read();
                if (b >= 0) {
                    offset++;
                }
            }
            lineNumber++;
            byte[] bytes = buffer.toByteArray();
            if (!truncated && bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
                bytes = Arrays.copyOf(bytes, bytes.length - 1);
            }
            return new Line(lineNumber, start, bytes, truncated);
        }

        /** One physical line: its 1-based number, start offset, bytes (cut at the cap when truncated). */
        record Line(int number, long offset, byte[] bytes, boolean truncated) {
            /** Blank, or a comment: first byte after spaces and a UTF-8 byte-order mark is {@code #}. */
            boolean skippable() {
                int i = 0;
                if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
                    i = 3;
                }
                while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r')) {
                    i++;
                }
                return i == bytes.length || bytes[i] == '#';
            }
        }
    }
}
