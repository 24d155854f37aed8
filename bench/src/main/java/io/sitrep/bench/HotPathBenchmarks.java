package io.sitrep.bench;

import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.id.CanonicalUrl;
import io.sitrep.schemas.registry.InMemorySchemaRegistryClient;
import io.sitrep.schemas.serde.AvroDeserializer;
import io.sitrep.schemas.serde.AvroSerializer;
import io.sitrep.streams.attribution.domain.EventExtractor;
import io.sitrep.streams.attribution.domain.ExtractedEvent;
import io.sitrep.streams.attribution.domain.Gazetteer;
import io.sitrep.streams.attribution.domain.PlaceMatch;
import io.sitrep.streams.text.ReportText;
import io.sitrep.streams.dedup.domain.Fingerprinter;
import io.sitrep.streams.dedup.domain.ReportFigures;
import io.sitrep.streams.text.TextNormalizer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-report hot paths of the pipeline, on one typical report (the shape {@code sitrep bench}
 * generates: dateline, a lead with the event, four background sentences, a casualty line).
 * Average time per operation in microseconds.
 *
 * <pre>./mvnw -B -pl bench -am package -Dquick -Djmh
 * java -jar bench/target/benchmarks.jar            # all, ~2 minutes
 * java -jar bench/target/benchmarks.jar extract -f 1 # one</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmarks {

    static final String HEADLINE = "Residents of Khost count the cost";
    static final String BODY = "KHOST (Frontier Wire) - Pakistani jets carried out air strikes on a village in Khost "
            + "province on Tuesday, local officials said. The worst damage was in Bakho Darma Kalay, about 14 kilometres "
            + "from the provincial centre. Residents said many families had left their homes for safer areas. Schools in "
            + "the area were closed for the rest of the week. A spokesman for the provincial governor said an "
            + "investigation was under way. Traders said the main road had reopened by the afternoon. Three people were "
            + "killed, officials said.";
    static final String URL = "https://www.frontier-wire.example/2026-02-24/khost-air-drone-strike-17?utm_source=feed&amp=1#top";
    static final Instant PUBLISHED = Instant.parse("2026-02-25T06:10:00Z");

    private Gazetteer gazetteer;
    private EventExtractor extractor;
    private ReportText text;
    private AvroSerializer<RawReport> serializer;
    private AvroDeserializer<RawReport> deserializer;
    private RawReport report;
    private byte[] encoded;
    /** The word triples of an article of 660 words, in text order (random words: hashes spread as real ones). */
    private long[] articleTriples;
    /** An article-size body: the report's body eight times (about 640 words). */
    private String article;
    /** The same as published: a dateline, and paragraphs apart by blank lines. */
    private String rawArticle;

    @Setup
    public void setUp() {
        gazetteer = Gazetteer.loadDefault();
        extractor = new EventExtractor(gazetteer);
        text = ReportText.of(HEADLINE, BODY, PUBLISHED);
        final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        serializer = new AvroSerializer<>(registry, false);
        deserializer = new AvroDeserializer<>(registry, RawReport.class);
        report = RawReport.newBuilder().setReportId("u:0123456789abcdef0123456789abcdef").setScraperId("rss-frontier-wire")
                .setSourceOutlet("Frontier Wire").setUrl(URL).setPublishedAt(PUBLISHED).setFetchedAt(PUBLISHED.plusSeconds(180))
                .setIngestedAt(PUBLISHED.plusSeconds(181)).setHeadline(HEADLINE).setBody(BODY).build();
        encoded = serializer.serialize(Topics.REPORTS_RAW, report);
        article = TextNormalizer.stripBoilerplate(String.join(" ", java.util.Collections.nCopies(8, BODY)));
        rawArticle = String.join("\n\n", java.util.Collections.nCopies(8, BODY));
        articleTriples = Fingerprinter.ngrams(new java.util.Random(42).ints(660).toArray(), 3);
    }

    /** Dedup's exact tier: normalised body and its SHA-256 (there is no SimHash tier yet). */
    @Benchmark
    public String normaliseAndFingerprint() {
        return TextNormalizer.sha256Hex(TextNormalizer.normalizeBody(BODY));
    }

    /** Dedup-prepare's words and figures of an article-size body, in one pass over its characters (round 21). */
    @Benchmark
    public Object wordsAndFiguresOnePass() {
        final ReportFigures.SpanReader figures = new ReportFigures.SpanReader(article);
        final Fingerprinter.Words words = Fingerprinter.wordsOf(article, figures);
        return figures.located().size() + words.hashes().length;
    }

    /** The same in two passes, as before round 21. */
    @Benchmark
    public Object wordsThenFigures() {
        final Fingerprinter.Words words = Fingerprinter.wordsOf(article);
        return ReportFigures.located(article).size() + words.hashes().length;
    }

    /** Boilerplate stripped from an article-size body, as dedup-prepare and attribution both do for every report. */
    @Benchmark
    public String stripArticle() {
        return TextNormalizer.stripBoilerplate(rawArticle);
    }

    /** Every word of an article-size body with its normal form, as attribution does sentence by sentence. */
    @Benchmark
    public Object tokenizeArticle() {
        return io.sitrep.streams.text.Tokens.tokenize(article, (word, hash) -> word.length());
    }

    /** Dedup's URL tier: canonical URL. */
    /** Dedup-prepare's figures: every character of a report is read once (digits, number words). */
    @Benchmark
    public Object reportFigures() {
        return ReportFigures.located(BODY);
    }

    @Benchmark
    public Object canonicalUrl() {
        return CanonicalUrl.canonicalize(URL);
    }

    /** Gazetteer matching over the whole body. */
    @Benchmark
    public List<PlaceMatch> gazetteerMatch() {
        return gazetteer.findAll(BODY);
    }

    /** Attribution: full extraction of the typical report. */
    @Benchmark
    public List<ExtractedEvent> extract() {
        return extractor.extract(text);
    }

    /** Confluent wire format encode of a raw report (schema id cached). */
    @Benchmark
    public byte[] serdeEncode() {
        return serializer.serialize(Topics.REPORTS_RAW, report);
    }

    /** Confluent wire format decode of a raw report (schema cached). */
    @Benchmark
    public RawReport serdeDecode() {
        return deserializer.deserialize(Topics.REPORTS_RAW, encoded);
    }

    /** Dedup index: an article's word triples, sorted and distinct by buckets (round 20). */
    @Benchmark
    public long[] distinctSortedHashes() {
        return Fingerprinter.distinctSortedHashes(articleTriples);
    }

    /** The same with {@link java.util.Arrays#sort}, as before round 20. */
    @Benchmark
    public long[] distinctSortedGeneral() {
        return Fingerprinter.distinctSorted(articleTriples);
    }
}
