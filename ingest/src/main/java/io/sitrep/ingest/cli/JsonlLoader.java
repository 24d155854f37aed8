package io.sitrep.ingest.cli;

import io.sitrep.ingest.publish.Rejections;
import io.sitrep.ingest.publish.ReportPublisher;
import io.sitrep.ingest.validate.ReasonCode;
import io.sitrep.ingest.validate.ReportValidator;
import io.sitrep.ingest.validate.ValidationResult;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.RejectedRecord;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a JSONL file, one report per line (format: {@link ReportValidator}), through the same
 * validation and publisher as the HTTP endpoint. Blank lines and lines whose first non-blank
 * character is {@code #} are skipped. Lines longer than the line cap (default 1 MiB, as over HTTP)
 * are refused as {@code TEXT_TOO_LARGE} without being held in memory.
 *
 * <p>Sends are asynchronous with at most {@code maxInFlight} records unacknowledged, so a large
 * file neither crawls at one round trip per line nor fills the producer buffer. {@link #load}
 * returns only when every send has completed (or the acknowledgement timeout passed). Refused
 * lines go to the rejected topic too, with the line number in the message. Loading the same file
 * twice is harmless: report ids are stable and dedup drops the repeats.
 *
 * <p>Prints nothing and never exits: the app's CLI turns the {@link LoadSummary} into output and
 * an exit code. Not thread-safe: one load at a time per instance.
 */
public final class JsonlLoader {

    /** Default bound on unacknowledged sends. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 500;
    /** Default cap on one line, the same as the HTTP body cap. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
    /**
     * Default wait for acknowledgements, both for a free in-flight slot and at the end. Longer
     * than the publisher's {@code delivery.timeout.ms}, after which every send has completed.
     */
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofMinutes(2);
    /** How many report lines pass between progress calls. */
    public static final int PROGRESS_EVERY_LINES = 1_000;
    /** Most entries kept in each line list of the summary. */
    public static final int MAX_LISTED_LINES = 10_000;

    private static final Logger log = LoggerFactory.getLogger(JsonlLoader.class);

    private final ReportValidator validator;
    private final ReportPublisher publisher;
    private final Clock clock;
    private final int maxInFlight;
    private final int maxLineBytes;
    private final Duration ackTimeout;

    /** A loader with the default limits. */
    public JsonlLoader(final ReportValidator validator, final ReportPublisher publisher, final Clock clock) {
        this(validator, publisher, clock, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_LINE_BYTES, DEFAULT_ACK_TIMEOUT);
    }

    /**
     * @param validator    checks each line
     * @param publisher    writes reports and refusals
     * @param clock        {@code rejectedAt} of refusals
     * @param maxInFlight  bound on unacknowledged sends
     * @param maxLineBytes longer lines are refused
     * @param ackTimeout   longest wait for a free in-flight slot and for the final acknowledgements
     */
    public JsonlLoader(final ReportValidator validator, final ReportPublisher publisher, final Clock clock,
            final int maxInFlight, final int maxLineBytes, final Duration ackTimeout) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
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
     * Loads {@code file}.
     *
     * @throws IOException           when the file cannot be read
     * @throws InterruptedException  when interrupted while waiting for acknowledgements
     * @throws IllegalStateException when no send completes within the acknowledgement timeout
     *                               while waiting for a free in-flight slot (the producer is stuck)
     */
    public LoadSummary load(final Path file, final LoadProgress progress) throws IOException, InterruptedException {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.getFileName().toString(), progress);
        }
    }

    /**
     * Loads JSONL from a stream (not closed here).
     *
     * @param source name used in rejection messages, e.g. the file name
     */
    public LoadSummary load(final InputStream in, final String source, final LoadProgress progress)
            throws IOException, InterruptedException {
        final Run run = new Run(source, progress);
        final LineReader lines = new LineReader(new BufferedInputStream(in, 64 * 1024), maxLineBytes);
        for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
            if (line.skippable()) {
                continue;
            }
            run.process(line);
        }
        return run.finish();
    }

    /** State of one load. Callbacks from the producer thread touch only the concurrent parts. */
    private final class Run {
        private final String source;
        private final LoadProgress progress;
        private final Semaphore inFlight = new Semaphore(maxInFlight);
        private final Map<Integer, Boolean> unacknowledged = new ConcurrentHashMap<>();
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicInteger rejectWriteFailures = new AtomicInteger();
        private final List<LoadSummary.RejectedLine> rejectedLines = new ArrayList<>();
        private final List<LoadSummary.RejectedLine> failedLines = new ArrayList<>();
        private int read;
        private int rejected;

        Run(final String source, final LoadProgress progress) {
            this.source = source;
            this.progress = Objects.requireNonNull(progress, "progress");
        }

        void process(final LineReader.Line line) throws InterruptedException {
            read++;
            if (line.truncated()) {
                refuse(line, ReasonCode.TEXT_TOO_LARGE.name(),
                        "the line is longer than " + maxLineBytes + " bytes", null, null);
            } else {
                final ValidationResult result = validator.validate(line.bytes());
                if (result instanceof ValidationResult.Invalid invalid) {
                    refuse(line, invalid.reason().name(), invalid.summary(), invalid.scraperId(), invalid.reportId());
                } else {
                    send(line.number(), ((ValidationResult.Valid) result).report());
                }
            }
            if (read % PROGRESS_EVERY_LINES == 0) {
                progress.onProgress(read, sent.get(), rejected, failed.get());
            }
        }

        private void refuse(final LineReader.Line line, final String code, final String message, final String scraperId,
                final String reportId) throws InterruptedException {
            rejected++;
            list(rejectedLines, new LoadSummary.RejectedLine(line.number(), code, message));
            log.debug("Refused line {} of {}: reason={} scraperId={}", line.number(), source, code, scraperId);
            final RejectedRecord record = Rejections.ingest(code, "line " + line.number() + " of " + source + ": " + message,
                    scraperId, reportId, line.bytes(), clock.instant());
            acquireSlot();
            publisher.reject(record).whenComplete((metadata, error) -> {
                inFlight.release();
                if (error != null) {
                    rejectWriteFailures.incrementAndGet();
                    log.debug("Could not write refusal of line {} to the rejected topic", line.number(), error);
                }
            });
        }

        private void send(final int lineNumber, final RawReport report) throws InterruptedException {
            acquireSlot();
            unacknowledged.put(lineNumber, Boolean.TRUE);
            final CompletableFuture<RecordMetadata> future = publisher.publish(report);
            // runs on the producer I/O thread: only counters and a short synchronized add here
            future.whenComplete((metadata, error) -> {
                if (unacknowledged.remove(lineNumber) != null) {
                    if (error == null) {
                        sent.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        final Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        synchronized (failedLines) {
                            list(failedLines, new LoadSummary.RejectedLine(lineNumber, "PUBLISH_FAILED",
                                    "send failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage()));
                        }
                    }
                }
                inFlight.release();
            });
        }

        private void acquireSlot() throws InterruptedException {
            if (!inFlight.tryAcquire(ackTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("no acknowledgement from the broker within " + ackTimeout
                        + " with " + maxInFlight + " records in flight; stopped after line " + read + " of " + source);
            }
        }

        LoadSummary finish() throws InterruptedException {
            if (!inFlight.tryAcquire(maxInFlight, ackTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Load of {}: {} sends not acknowledged within {}", source, unacknowledged.size(), ackTimeout);
            }
            // whatever is still unacknowledged now is counted as failed, exactly once (remove wins)
            for (final Integer lineNumber : List.copyOf(unacknowledged.keySet())) {
                if (unacknowledged.remove(lineNumber) != null) {
                    failed.incrementAndGet();
                    synchronized (failedLines) {
                        list(failedLines, new LoadSummary.RejectedLine(lineNumber, "PUBLISH_TIMEOUT",
                                "not acknowledged within " + ackTimeout + "; may or may not be stored"));
                    }
                }
            }
            if (rejectWriteFailures.get() > 0) {
                log.warn("Load of {}: {} refusals could not be written to the rejected topic", source, rejectWriteFailures.get());
            }
            progress.onProgress(read, sent.get(), rejected, failed.get());
            final List<LoadSummary.RejectedLine> failures;
            synchronized (failedLines) {
                failures = new ArrayList<>(failedLines);
            }
            failures.sort(Comparator.comparingInt(LoadSummary.RejectedLine::lineNumber));
            log.info("Loaded {}: read={} sent={} rejected={} failed={}", source, read, sent.get(), rejected, failed.get());
            return new LoadSummary(read, sent.get(), rejected, failed.get(), rejectedLines, failures);
        }

        private void list(final List<LoadSummary.RejectedLine> lines, final LoadSummary.RejectedLine line) {
            if (lines.size() < MAX_LISTED_LINES) {
                lines.add(line);
            }
        }
    }

    /** Splits a byte stream on {@code \n} (dropping a trailing {@code \r}), keeping at most a cap per line. */
    static final class LineReader {
        private final InputStream in;
        private final int maxLineBytes;
        private int lineNumber;

        LineReader(final InputStream in, final int maxLineBytes) {
            this.in = in;
            this.maxLineBytes = maxLineBytes;
        }

        /** The next line, or {@code null} at the end of the stream. */
        Line next() throws IOException {
            final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            boolean truncated = false;
            int b = in.read();
            if (b < 0) {
                return null;
            }
            while (b >= 0 && b != '\n') {
                if (buffer.size() < maxLineBytes) {
                    buffer.write(b);
                } else {
                    truncated = true;
                }
                b = in.read();
            }
            lineNumber++;
            byte[] bytes = buffer.toByteArray();
            if (!truncated && bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
                bytes = Arrays.copyOf(bytes, bytes.length - 1);
            }
            return new Line(lineNumber, bytes, truncated);
        }

        /** One physical line: its 1-based number, its bytes (cut at the cap when truncated). */
        record Line(int number, byte[] bytes, boolean truncated) {
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
