package io.sitrep.streams.dedup;

import io.sitrep.schemas.avro.DuplicateTier;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.dedup.DedupCandidate;
import io.sitrep.schemas.avro.dedup.DedupMessage;
import io.sitrep.schemas.avro.dedup.DedupMessageKind;
import io.sitrep.schemas.avro.dedup.ReportDedupState;
import io.sitrep.streams.dedup.domain.NearCopyRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision step of dedup, keyed by report id: gathers everything about one report and
 * decides, once, which story it belongs to.
 *
 * <ul>
 *   <li>{@code OPEN} says how many bucket replies to wait for (and carries the report);</li>
 *   <li>{@code CANDIDATES} is one bucket's reply: reports before this one in the assignment
 *       order that share fingerprints with it (indexed before it, whether decided yet or not);</li>
 *   <li>{@code DUPLICATE} is an exact copy of this report (T0), waiting for its story.</li>
 * </ul>
 * When every reply is in, {@link NearCopyRules#decide} picks the story: the report either opens
 * a new story (its own id) or becomes a near copy of an earlier report's story. One
 * {@code DECIDED} message is forwarded for the report and one per exact copy (parked copies are
 * released then; later ones are answered at once). The messages may arrive in any order. After
 * the decision only the story is kept, for the horizon, so state per report stays small.
 */
public final class CopyDecider implements Processor<String, DedupMessage, String, DedupMessage> {
    private static final Logger log = LoggerFactory.getLogger(CopyDecider.class);

    private final String storeName;
    private final String settlingStoreName;
    private final long horizonMs;
    private final NearCopyRules rules;
    private final Consumer<DuplicateTier> onDuplicate;
    private ProcessorContext<String, DedupMessage> context;
    private WindowStore<String, ReportDedupState> reports;
    private KeyValueStore<String, String> settling;
    private DedupMetrics metrics;

    /**
     * @param storeName         report id → what the decision step knows of the report
     * @param settlingStoreName report id → "wall-clock deadline/record time" of reports whose replies are
     *                          all in and that wait {@link NearCopyRules#settle()} for late evidence
     */
    public CopyDecider(final String storeName, final String settlingStoreName, final Duration horizon,
                       final NearCopyRules rules, final Consumer<DuplicateTier> onDuplicate) {
        this.storeName = storeName;
        this.settlingStoreName = settlingStoreName;
        this.horizonMs = horizon.toMillis();
        this.rules = rules;
        this.onDuplicate = onDuplicate;
    }

    @Override
    public void init(final ProcessorContext<String, DedupMessage> context) {
        this.context = context;
        this.reports = context.getStateStore(storeName);
        this.settling = context.getStateStore(settlingStoreName);
        this.metrics = DedupMetrics.register(context.metrics());
        if (!rules.settle().isZero()) {
            final Duration every = Duration.ofMillis(Math.max(50, rules.settle().toMillis() / 4));
            context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::decideSettled);
        }
    }

    @Override
    public void process(final Record<String, DedupMessage> record) {
        final DedupMessage msg = record.value();
        final long now = record.timestamp();
        final ReportDedupState state = load(record.key(), now);
        switch (msg.getKind()) {
            case OPEN -> {
                state.setExpectedReplies(msg.getExpectedReplies());
                state.setFingerprintCount(msg.getFingerprintCount());
                state.setFigures(msg.getFigures());
                state.setBuckets(msg.getBuckets());
                state.setReport(msg.getReport());
                state.setCanonicalUrl(msg.getCanonicalUrl());
                state.setBodyHash(msg.getBodyHash());
            }
            case CANDIDATES -> {
                state.setReceivedReplies(state.getReceivedReplies() + 1);
                state.setCandidates(merge(state.getCandidates(), msg.getCandidates()));
            }
            case LATE -> {
                if (state.getStoryId() == null) {
                    state.setCandidates(merge(state.getCandidates(), msg.getCandidates()));
                } else {
                    metrics.lateEvidenceAfterDecision();
                }
            }
            case DUPLICATE -> {
                if (state.getStoryId() != null) {
                    forwardCopy(record.key(), now, state, msg);
                } else {
                    final List<DedupMessage> parked = new ArrayList<>(state.getParked());
                    parked.add(msg);
                    state.setParked(parked);
                }
            }
            default -> log.warn("Ignoring dedup message of kind {} for report {} (topic={} partition={} offset={})",
                    msg.getKind(), record.key(), context.recordMetadata().map(m -> m.topic()).orElse("?"),
                    context.recordMetadata().map(m -> m.partition()).orElse(-1),
                    context.recordMetadata().map(m -> m.offset()).orElse(-1L));
        }
        if (state.getStoryId() == null && state.getExpectedReplies() >= 0
                && state.getReceivedReplies() >= state.getExpectedReplies()) {
            if (rules.settle().isZero()) {
                decide(record.key(), now, state);
            } else if (settling.get(record.key()) == null) {
                settling.put(record.key(), (context.currentSystemTimeMs() + rules.settle().toMillis()) + "/" + now);
            }
        }
        reports.put(record.key(), state, state.getFirstSeen());
    }

    /** Decides the reports whose settle time has passed (wall-clock punctuation). */
    private void decideSettled(final long wallClockMs) {
        final List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> all = settling.all()) {
            while (all.hasNext()) {
                final KeyValue<String, String> entry = all.next();
                if (Long.parseLong(entry.value.substring(0, entry.value.indexOf('/'))) <= wallClockMs) {
                    due.add(entry);
                }
            }
        }
        for (final KeyValue<String, String> entry : due) {
            final long time = Long.parseLong(entry.value.substring(entry.value.indexOf('/') + 1));
            final ReportDedupState state = load(entry.key, time);
            if (state.getStoryId() == null) {
                decide(entry.key, time, state);
                reports.put(entry.key, state, state.getFirstSeen());
            }
            settling.delete(entry.key);
        }
    }

    private ReportDedupState load(final String reportId, final long now) {
        ReportDedupState latest = null;
        try (WindowStoreIterator<ReportDedupState> hits = reports.fetch(reportId, now - horizonMs, now + horizonMs)) {
            while (hits.hasNext()) {
                latest = hits.next().value;
            }
        }
        if (latest != null) {
            return latest;
        }
        return ReportDedupState.newBuilder().setReportId(reportId).setFirstSeen(now).build();
    }

    private void decide(final String reportId, final long now, final ReportDedupState state) {
        final RawReport report = state.getReport();
        final List<NearCopyRules.Candidate> candidates = state.getCandidates().stream()
                .map(c -> new NearCopyRules.Candidate(c.getReportId(), c.getStoryId(), c.getStoryOutlet(),
                        c.getFingerprintCount(), c.getFirstSeen(), c.getShared(), c.getFigures()))
                .toList();
        final Optional<NearCopyRules.Match> match = rules.decide(state.getFingerprintCount(), state.getFigures(), candidates);
        final DedupMessage.Builder decided = DedupMessage.newBuilder()
                .setKind(DedupMessageKind.DECIDED)
                .setReportId(state.getReportId())
                .setReport(report)
                .setCanonicalUrl(state.getCanonicalUrl())
                .setBodyHash(state.getBodyHash())
                .setFingerprintCount(state.getFingerprintCount())
                .setBuckets(state.getBuckets())
                .setDecidedAt(now);
        if (match.isPresent()) {
            final NearCopyRules.Candidate best = match.get().matched();
            state.setStoryId(best.storyId());
            state.setStoryOutlet(best.storyOutlet());
            decided.setTier(DuplicateTier.NEAR_COPY).setMatchedReportId(best.reportId()).setContainment(match.get().containment());
            metrics.duplicate(DuplicateTier.NEAR_COPY);
            onDuplicate.accept(DuplicateTier.NEAR_COPY);
        } else {
            state.setStoryId(state.getReportId());
            state.setStoryOutlet(report == null ? "" : report.getSourceOutlet());
            decided.setTier(null).setContainment(0.0);
            metrics.storyOpened();
        }
        decided.setStoryId(state.getStoryId()).setStoryOutlet(state.getStoryOutlet());
        context.forward(new Record<>(reportId, decided.build(), now));
        for (final DedupMessage copy : state.getParked()) {
            forwardCopy(reportId, now, state, copy);
        }
        // decided: only the story is needed from now on (later exact copies ask for it)
        state.setParked(List.of());
        state.setCandidates(List.of());
        state.setFigures(List.of());
        state.setBuckets(List.of());
        state.setReport(null);
    }

    /** An exact copy (T0) of this report: a mention of this report's story. */
    private void forwardCopy(final String reportId, final long now, final ReportDedupState state, final DedupMessage copy) {
        final DedupMessage decided = DedupMessage.newBuilder()
                .setKind(DedupMessageKind.DECIDED)
                .setReportId(copy.getReport() == null ? state.getReportId() : copy.getReport().getReportId())
                .setReport(copy.getReport())
                .setCanonicalUrl(copy.getCanonicalUrl())
                .setBodyHash(copy.getBodyHash())
                .setTier(copy.getTier())
                .setMatchedReportId(state.getReportId())
                .setContainment(1.0)
                .setStoryId(state.getStoryId())
                .setStoryOutlet(state.getStoryOutlet())
                .setDecidedAt(now)
                .build();
        context.forward(new Record<>(reportId, decided, now));
    }

    private static List<DedupCandidate> merge(final List<DedupCandidate> known, final List<DedupCandidate> more) {
        final Map<String, DedupCandidate> byReport = new LinkedHashMap<>();
        for (final DedupCandidate c : known) {
            byReport.put(c.getReportId(), DedupCandidate.newBuilder(c).build());
        }
        for (final DedupCandidate c : more) {
            final DedupCandidate existing = byReport.get(c.getReportId());
            if (existing == null) {
                byReport.put(c.getReportId(), DedupCandidate.newBuilder(c).build());
            } else {
                existing.setShared(existing.getShared() + c.getShared());
                // buckets that already heard the earlier report was decided a near copy know its real story
                if (existing.getStoryId().equals(existing.getReportId()) && !c.getStoryId().equals(c.getReportId())) {
                    existing.setStoryId(c.getStoryId());
                    existing.setStoryOutlet(c.getStoryOutlet());
                }
            }
        }
        return new ArrayList<>(byReport.values());
    }
}
