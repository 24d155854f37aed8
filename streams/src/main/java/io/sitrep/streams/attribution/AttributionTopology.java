package io.sitrep.streams.attribution;

import io.sitrep.streams.flow.CommitWhenIdle;
import io.sitrep.schemas.RejectedRecords;
import io.sitrep.schemas.TopicSpecs;
import io.sitrep.streams.StageTopology;
import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.Claim;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.Source;
import io.sitrep.schemas.avro.ReportHints;
import io.sitrep.schemas.avro.Stage;
import io.sitrep.schemas.avro.UniqueReport;
import io.sitrep.streams.attribution.domain.EventExtractor;
import io.sitrep.streams.attribution.domain.EventIdentity;
import io.sitrep.streams.attribution.domain.IncidentIdentity;
import java.time.Duration;
import io.sitrep.streams.attribution.domain.ExtractedEvent;
import io.sitrep.streams.escalation.RegionPartitioner;
import io.sitrep.streams.text.ReportText;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Attribution: unique reports → events (where, what, who, who claims what, when).
 *
 * <p>Each report yields zero or more events. They are repartitioned by identity group (region,
 * event type) and meet the group's known events in {@value #EVENT_IDENTITY_STORE}: an event whose
 * date is within a day of a known one with compatible actors and sub-type joins it ({@link EventIdentityMerger}), so
 * several stories about one real event land on one key of the events table, with every story
 * among its sources. The output is keyed by event id; an id merged away is retracted with a
 * tombstone. A report that decodes but cannot be attributed at all (no text) is routed to the
 * rejected topic by an explicit branch, with a reason; a report that simply names no event is
 * not an error and yields nothing.
 */
public final class AttributionTopology implements StageTopology {
    public static final String REASON_NO_TEXT = "NO_TEXT";
    /** Known events per identity group (region, type), date and actor pair: where later stories meet earlier ones. */
    public static final String EVENT_IDENTITY_STORE = "attr-event-identity-store";
    /** Repartition by identity group, so every candidate of a group is on one partition. */
    public static final String BY_GROUP_REPARTITION = "attr-by-event-group";
    /** How far back (in event dates, from the newest seen) a later story can still join an event. */
    public static final Duration DEFAULT_IDENTITY_RETENTION = Duration.ofDays(30);

    private final TopicSpecs topics;
    private final EventExtractor extractor;
    private final Duration identityRetention;

    public AttributionTopology(final TopicSpecs topics, final EventExtractor extractor) {
        this(topics, extractor, DEFAULT_IDENTITY_RETENTION);
    }

    public AttributionTopology(final TopicSpecs topics, final EventExtractor extractor, final Duration identityRetention) {
        this.topics = topics;
        this.extractor = extractor;
        this.identityRetention = identityRetention;
    }

    @Override
    public void addTo(final StreamsBuilder builder) {
        final KStream<String, UniqueReport> uniques = builder.stream(topics.reportsUnique().name(),
                Consumed.with(topics.reportsUnique().keySerde(), topics.reportsUnique().valueSerde()).withName("attr-source"));

        final Map<String, KStream<String, UniqueReport>> branches = uniques
                .processValues(CommitWhenIdle::new, Named.as("attr-commit-when-idle"))
                .split(Named.as("attr-split-"))
                .branch((storyId, unique) -> !hasText(unique.getReport()), Branched.as("invalid"))
                .defaultBranch(Branched.as("valid"));

        branches.get("attr-split-invalid")
                .mapValues(AttributionTopology::noTextRejection, Named.as("attr-to-rejected"))
                .to(topics.reportsRejected().name(),
                        Produced.with(topics.reportsRejected().keySerde(), topics.reportsRejected().valueSerde())
                                .withName("attr-rejected-sink"));

        final Serde<AttributedEvent> eventSerde = topics.eventsAttributed().valueSerde();
        // timestamped: the merger stamps an event's next update no older than its last one
        builder.addStateStore(Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(EVENT_IDENTITY_STORE),
                Serdes.String(), eventSerde));
        branches.get("attr-split-valid")
                .flatMap((storyId, unique) -> attribute(unique), Named.as("attr-extract"))
                .repartition(Repartitioned.with(Serdes.String(), eventSerde).withName(BY_GROUP_REPARTITION))
                .processValues(CommitWhenIdle::new, Named.as("attr-merge-commit-when-idle"))
                .process(() -> new EventIdentityMerger(EVENT_IDENTITY_STORE, identityRetention),
                        Named.as("attr-merge-event-identity"), EVENT_IDENTITY_STORE)
                // partitioned by region (an event id starts with it): the escalation stage then finds
                // all of a region's events in one task without a repartition hop of its own
                .to(topics.eventsAttributed().name(),
                        Produced.with(topics.eventsAttributed().keySerde(), eventSerde).withName("attr-sink")
                                .withStreamPartitioner(new RegionPartitioner<>()));
    }

    private List<KeyValue<String, AttributedEvent>> attribute(final UniqueReport unique) {
        final RawReport report = unique.getReport();
        final ReportHints hints = report.getHints();
        final ReportText text = new ReportText(report.getHeadline(), report.getBody(), report.getPublishedAt(),
                hints == null ? null : hints.getRegionCode(),
                hints == null ? null : hints.getEventType(),
                hints == null ? null : hints.getEventDate());
        // Keyed by identity group: the merger downstream turns it back into the event id.
        final List<AttributedEvent> events = extractor.extract(text).stream().map(event -> toAvro(unique, event)).toList();
        // Only the whole report shows that one interstate act spans regions: mark it before the split by group.
        return IncidentIdentity.markSpanningIncidents(events).stream()
                .map(event -> KeyValue.pair(EventIdentity.groupKey(event), event))
                .toList();
    }

    static AttributedEvent toAvro(final UniqueReport unique, final ExtractedEvent event) {
        final RawReport report = unique.getReport();
        final List<Claim> claims = event.claims().stream()
                .map(c -> Claim.newBuilder()
                        .setClaimant(c.claimant())
                        .setClaimantSide(c.claimantSide())
                        .setFatalities(c.fatalities())
                        .setAboutSide(c.aboutSide())
                        .setSelfReported(c.selfReported())
                        .setVerified(false)
                        .setInjured(c.injured())
                        .setUnverified(c.unverified())
                        .setIndependent(c.independent())
                        .build())
                .toList();
        return AttributedEvent.newBuilder()
                .setEventId(event.eventId())
                .setStoryId(unique.getStoryId())
                .setReportId(report.getReportId())
                .setRegionCode(event.region().code())
                .setRegionName(event.region().name())
                .setCountryCode(event.region().countryCode())
                .setDistrict(event.district())
                .setPrecision(event.precision())
                .setEventType(event.eventType())
                .setCounted(event.counted())
                .setActorSide(event.actorSide())
                .setTargetSide(event.targetSide())
                .setClaims(claims)
                .setFatalitiesLow(event.fatalitiesLow())
                .setFatalitiesHigh(event.fatalitiesHigh())
                .setEventDate(event.eventDate())
                .setPublishedAt(report.getPublishedAt())
                .setSourceOutlet(report.getSourceOutlet())
                .setUrl(report.getUrl())
                .setEvidence(event.evidence())
                .setFromHint(event.fromHint())
                .setSubType(event.subType())
                .setDatePrecision(event.datePrecision())
                .setTypeFromHint(event.typeFromHint())
                .setRegionFromHint(event.regionFromHint())
                .setUnverified(event.unverified())
                .setSources(List.of(Source.newBuilder()
                        .setStoryId(unique.getStoryId())
                        .setReportId(report.getReportId())
                        .setOutlet(report.getSourceOutlet())
                        .setUrl(report.getUrl())
                        .setPublishedAt(report.getPublishedAt())
                        .build()))
                .build();
    }

    private static boolean hasText(final RawReport report) {
        return report != null && (!isBlank(report.getHeadline()) || !isBlank(report.getBody()));
    }

    private static boolean isBlank(final String s) {
        return s == null || s.isBlank();
    }

    private static RejectedRecord noTextRejection(final UniqueReport unique) {
        final RawReport report = unique.getReport();
        return RejectedRecords.envelope(Stage.ATTRIBUTE, REASON_NO_TEXT,
                        "Report has neither headline nor body text; nothing to attribute", Instant.now())
                .setScraperId(report == null ? null : report.getScraperId())
                .setReportId(report == null ? unique.getStoryId() : report.getReportId())
                .build();
    }
}
