package io.sitrep.streams.topology;

import io.sitrep.schemas.TopicSpecs;
import io.sitrep.schemas.avro.AttributedEvent;
import io.sitrep.schemas.avro.Claim;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.RejectedRecord;
import io.sitrep.schemas.avro.Source;
import io.sitrep.schemas.avro.ReportHints;
import io.sitrep.schemas.avro.Stage;
import io.sitrep.schemas.avro.UniqueReport;
import io.sitrep.streams.domain.EventExtractor;
import io.sitrep.streams.domain.ExtractedEvent;
import io.sitrep.streams.domain.ReportText;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Attribution: unique reports → events (where, what, who, who claims what, when).
 *
 * <p>Each report yields zero or more events, keyed by event identity (region, event date, event
 * type, actor pair), so several stories about one real event land on one key of the events
 * table. A report that decodes but cannot be attributed at all (no text) is routed to the
 * rejected topic by an explicit branch, with a reason; a report that simply names no event is
 * not an error and yields nothing.
 */
public final class AttributionTopology {
    public static final String REASON_NO_TEXT = "NO_TEXT";

    private final TopicSpecs topics;
    private final EventExtractor extractor;

    public AttributionTopology(final TopicSpecs topics, final EventExtractor extractor) {
        this.topics = topics;
        this.extractor = extractor;
    }

    public Topology build(final Properties streamsProps) {
        final StreamsBuilder builder = new StreamsBuilder();
        addTo(builder);
        return builder.build(streamsProps);
    }

    /** Adds this stage's nodes to a builder shared with the other stages. */
    public void addTo(final StreamsBuilder builder) {
        final KStream<String, UniqueReport> uniques = builder.stream(topics.reportsUnique().name(),
                Consumed.with(topics.reportsUnique().keySerde(), topics.reportsUnique().valueSerde()).withName("attr-source"));

        final Map<String, KStream<String, UniqueReport>> branches = uniques.split(Named.as("attr-split-"))
                .branch((storyId, unique) -> !hasText(unique.getReport()), Branched.as("invalid"))
                .defaultBranch(Branched.as("valid"));

        branches.get("attr-split-invalid")
                .mapValues(AttributionTopology::noTextRejection, Named.as("attr-to-rejected"))
                .to(topics.reportsRejected().name(),
                        Produced.with(topics.reportsRejected().keySerde(), topics.reportsRejected().valueSerde())
                                .withName("attr-rejected-sink"));

        branches.get("attr-split-valid")
                .flatMap((storyId, unique) -> attribute(unique), Named.as("attr-extract"))
                .to(topics.eventsAttributed().name(),
                        Produced.with(topics.eventsAttributed().keySerde(), topics.eventsAttributed().valueSerde())
                                .withName("attr-sink"));
    }

    private List<KeyValue<String, AttributedEvent>> attribute(final UniqueReport unique) {
        final RawReport report = unique.getReport();
        final ReportHints hints = report.getHints();
        final ReportText text = new ReportText(report.getHeadline(), report.getBody(), report.getPublishedAt(),
                hints == null ? null : hints.getRegionCode(),
                hints == null ? null : hints.getEventType(),
                hints == null ? null : hints.getEventDate());
        return extractor.extract(text).stream()
                .map(event -> KeyValue.pair(event.eventId(), toAvro(unique, event)))
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
        return RejectedRecord.newBuilder()
                .setStage(Stage.ATTRIBUTE)
                .setReasonCode(REASON_NO_TEXT)
                .setMessage("Report has neither headline nor body text; nothing to attribute")
                .setScraperId(report == null ? null : report.getScraperId())
                .setReportId(report == null ? unique.getStoryId() : report.getReportId())
                .setRejectedAt(Instant.now())
                .build();
    }
}
