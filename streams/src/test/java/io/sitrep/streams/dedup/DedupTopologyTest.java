package io.sitrep.streams.dedup;

import io.sitrep.streams.testing.StageDriverTest;
import io.sitrep.streams.testing.WireStory;
import static io.sitrep.streams.testing.Reports.aReport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sitrep.schemas.Topics;
import io.sitrep.schemas.avro.DuplicateTier;
import io.sitrep.schemas.avro.Mention;
import io.sitrep.schemas.avro.RawReport;
import io.sitrep.schemas.avro.UniqueReport;
import io.sitrep.streams.dedup.domain.BridgeTexts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dedup through TopologyTestDriver. Restart with state restored from the changelogs is covered
 * end to end in {@code DedupAcrossPartitionsIT} (TopologyTestDriver wipes its state on close).
 */
class DedupTopologyTest extends StageDriverTest {
    private static final Instant T0 = Instant.parse("2026-02-27T06:00:00Z");
    private static final String WIRE_BODY = "KABUL (Reuters) - Pakistani jets struck targets in Khost province overnight, "
            + "officials said. (Reporting by A. Writer; Editing by B. Editor)";

    private TestInputTopic<String, RawReport> raw;
    private TestOutputTopic<String, UniqueReport> unique;
    private TestOutputTopic<String, Mention> mentions;
    private DedupTopology dedup;

    @BeforeEach
    void setUp() {
        dedup = new DedupTopology(topics, Duration.ofDays(7));
        start(dedup);
        raw = input(topics.reportsRaw());
        unique = output(topics.reportsUnique());
        mentions = output(topics.reportsMentions());
    }

    /** Pipes one report: it is placed at once, with nothing to wait for. */
    private void pipe(final String key, final RawReport report, final Instant time) {
        raw.pipeInput(key, report, time);
    }

    @Test
    void shouldForwardFirstCopyOnlyWhenScraperResendsSameUrl() {
        final RawReport report = aReport("r1").url("https://dawn.example/news/1?utm_source=x").build();
        pipe("r1", report, T0);
        pipe("r1", report, T0.plusSeconds(60));

        final var out = unique.readKeyValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo("r1");
        assertThat(out.get(0).value.getStoryId()).isEqualTo("r1");
        assertThat(out.get(0).value.getCanonicalUrl()).doesNotContain("utm_source");
        assertThat(dedup.duplicatesDropped()).isEqualTo(1);
        final Mention resend = mentions.readValue();
        assertThat(resend.getStoryId()).isEqualTo("r1");
        assertThat(resend.getTier()).isEqualTo(DuplicateTier.EXACT_URL);
        assertThat(resend.getOutletCount()).as("a resend is not another outlet").isEqualTo(1);
        assertThat(resend.getMentionCount()).isEqualTo(1);
        assertThat(mentions.isEmpty()).isTrue();
    }

    @Test
    void shouldDropSyndicatedCopyWhenBodyDiffersOnlyInDatelineBylineAndCase() {
        pipe("a", aReport("a").outlet("Reuters").url("https://wire.example/a").body(WIRE_BODY).build(), T0);
        pipe("b", aReport("b").outlet("Daily Outlet").url("https://daily.example/b")
                .body("Pakistani jets   struck targets in KHOST province overnight, officials said.").build(), T0.plusSeconds(5));

        assertThat(unique.readValuesToList()).extracting(UniqueReport::getStoryId).containsExactly("a");
        assertThat(dedup.duplicatesDropped()).isEqualTo(1);
    }

    @Test
    void shouldKeepBothWhenUrlsAndBodiesDiffer() {
        pipe("a", aReport("a").body("Shelling hit Kurram district on Monday.").build(), T0);
        pipe("b", aReport("b").body("Talks between the two sides resumed in Doha.").build(), T0);

        assertThat(unique.readValuesToList()).extracting(UniqueReport::getStoryId).containsExactly("a", "b");
        assertThat(dedup.duplicatesDropped()).isZero();
    }

    @Test
    void shouldCountCopyAgainWhenItArrivesAfterTheHorizon() {
        final RawReport report = aReport("r1").build();
        pipe("r1", report, T0);
        pipe("r1", report, T0.plus(Duration.ofDays(15)));

        assertThat(unique.readValuesToList()).hasSize(2);
    }

    @Test
    void shouldSkipUndecodableRecordAndContinueWithTheNext() {
        // the envelope the handler builds is checked in DeadLetterDeserializationHandlerTest; that it
        // reaches the rejected topic on a real broker, in PipelineEndToEndIT (TopologyTestDriver does
        // not capture the records a deserialization handler returns)
        final var garbage = driver.createInputTopic(Topics.REPORTS_RAW, Serdes.String().serializer(), Serdes.ByteArray().serializer());

        garbage.pipeInput("bad", "{\"headline\":\"not avro\"}".getBytes(StandardCharsets.UTF_8), T0);
        pipe("r1", aReport("r1").build(), T0);

        assertThat(unique.readValuesToList()).extracting(UniqueReport::getStoryId).containsExactly("r1");
    }

    @Test
    void shouldCatchResendOfFieldNoteWithoutUrl() {
        final RawReport note = aReport("s:field-team:42").url(null).body("Field note: mortar fire near Angoor Adda.").build();
        pipe(note.getReportId(), note, T0);
        pipe(note.getReportId(), note, T0.plusSeconds(1));

        assertThat(unique.readValuesToList()).hasSize(1);
        assertThat(unique.isEmpty()).isTrue();
    }

    private void pipeWireOriginal() {
        pipe("orig", aReport("orig").outlet("Test Wire").url("https://wire.example/paktia-raid")
                .headline("Pakistani jets strike Paktia's Dand-e-Patan, six dead").body(WireStory.original()).build(), T0);
    }

    @Test
    void shouldMakeMentionWhenSyndicatedCopyHasEditedHeadlineDatelineAndWords() {
        pipeWireOriginal();
        final String edited = "GARDEZ: " + WireStory.original().substring(WireStory.original().indexOf(" - ") + 3)
                .replace("late on Monday", "late Monday").replace("about forty minutes", "about 40 minutes")
                .replace("(Reporting by Test Wire staff; Editing by Desk)", "");
        pipe("copy", aReport("copy").outlet("Paktia Herald").url("https://herald.example/2026/03/10/dand-e-patan")
                .headline("Six killed in air raid on Paktia district").body(edited).build(), T0.plusSeconds(600));

        assertThat(unique.readValuesToList()).extracting(UniqueReport::getStoryId).containsExactly("orig");
        final Mention copy = mentions.readValue();
        assertThat(copy.getStoryId()).isEqualTo("orig");
        assertThat(copy.getReportId()).isEqualTo("copy");
        assertThat(copy.getTier()).isEqualTo(DuplicateTier.NEAR_COPY);
        assertThat(copy.getContainment()).isGreaterThan(0.8);
        assertThat(copy.getOutletCount()).isEqualTo(2);
        assertThat(dedup.duplicatesFound(DuplicateTier.NEAR_COPY)).isEqualTo(1);
        assertThat(mentions.isEmpty()).isTrue();
    }

    @Test
    void shouldMakeMentionWhenCopyIsOnlyTheFirstThreeParagraphs() {
        pipeWireOriginal();
        pipe("first3", aReport("first3").outlet("Brief Daily").url("https://brief.example/paktia")
                .body(WireStory.paragraphs(0, 3)).build(), T0.plusSeconds(900));

        assertThat(unique.readValuesToList()).hasSize(1);
        final Mention copy = mentions.readValue();
        assertThat(copy.getStoryId()).isEqualTo("orig");
        assertThat(copy.getTier()).isEqualTo(DuplicateTier.NEAR_COPY);
        assertThat(copy.getContainment()).as("a truncation is contained in the original").isGreaterThan(0.9);
    }

    @Test
    void shouldFindStoryWhenCopiesAreCutAtDifferentPointsAndTheOriginalCameLast() {
        // two outlets ran different halves with a rewritten lead; the full wire text arrives later
        pipe("head", aReport("head").outlet("North Post").url("https://north.example/a")
                .body("Six people died in Pakistani air raids on Paktia overnight, police said.\n\n" + WireStory.paragraphs(1, 4))
                .build(), T0);
        pipe("full", aReport("full").outlet("Test Wire").url("https://wire.example/full").body(WireStory.original()).build(),
                T0.plusSeconds(60));
        pipe("tail", aReport("tail").outlet("South Post").url("https://south.example/b")
                .body(WireStory.paragraphs(3, 6)).build(), T0.plusSeconds(120));

        assertThat(unique.readValuesToList()).extracting(UniqueReport::getStoryId).containsExactly("head");
        final var copies = mentions.readValuesToList();
        assertThat(copies).extracting(Mention::getReportId).containsExactly("full", "tail");
        assertThat(copies).extracting(Mention::getStoryId).containsOnly("head");
        // the tail shares nothing with "head" beyond paragraph 4: it is found through "full", a copy of the same story
        assertThat(copies.get(1).getMatchedReportId()).isEqualTo("full");
        assertThat(copies.get(1).getOutletCount()).isEqualTo(3);
    }

    @Test
    void shouldKeepTwoStoriesWhenTwoOutletsWroteUpTheSameEventInTheirOwnWords() {
        pipeWireOriginal();
        pipe("own", aReport("own").outlet("Gardez Times").url("https://gardez.example/raid")
                .body(WireStory.OTHER_WRITE_UP).build(), T0.plusSeconds(3600));

        assertThat(unique.readValuesToList()).extracting(UniqueReport::getStoryId).containsExactly("orig", "own");
        assertThat(mentions.isEmpty()).isTrue();
    }

    @Test
    void shouldJoinTheStoryOfTheFirstReportWhenExactCopyFollowsANearCopy() {
        pipeWireOriginal();
        final RawReport nearCopy = aReport("near").outlet("Brief Daily").url("https://brief.example/paktia")
                .body(WireStory.paragraphs(0, 4)).build();
        pipe("near", nearCopy, T0.plusSeconds(60));
        pipe("near", nearCopy, T0.plusSeconds(120));

        final var copies = mentions.readValuesToList();
        assertThat(copies).extracting(Mention::getTier).containsExactly(DuplicateTier.NEAR_COPY, DuplicateTier.EXACT_URL);
        assertThat(copies).extracting(Mention::getStoryId).containsOnly("orig");
        assertThat(copies.get(1).getMentionCount()).isEqualTo(2);
        assertThat(copies.get(1).getOutletCount()).isEqualTo(2);
    }

    @Test
    void shouldMentionResendOfAnExactCopyUnderTheFirstReportsStory() {
        pipeWireOriginal();
        final RawReport mirror = aReport("mirror").outlet("Mirror Site").url("https://mirror.example/x").body(WireStory.original()).build();
        pipe("mirror", mirror, T0.plusSeconds(60));
        pipe("mirror", mirror, T0.plusSeconds(120));

        final var copies = mentions.readValuesToList();
        assertThat(copies).extracting(Mention::getTier).containsExactly(DuplicateTier.EXACT_BODY, DuplicateTier.EXACT_URL);
        assertThat(copies).extracting(Mention::getStoryId).containsOnly("orig");
        assertThat(copies).extracting(Mention::getReportId).containsOnly("mirror");
        assertThat(unique.readValuesToList()).hasSize(1);
    }

    /** A press release template: two different incidents share almost all their wording, not their figures. */
    private static String release(final String district, final int killed, final int date) {
        return "RAWALPINDI: On " + date + " March, troops mounted a raid based on intelligence in " + district
                + " district after militants were reported hiding there. In the course of the raid the soldiers "
                + "surrounded the hideout and, after a long gunfight, " + killed
                + " militants were killed. Rifles and explosives were seized from the dead militants, whom the statement "
                + "blamed for many past attacks on police and paramilitary posts and for the murder of local elders. "
                + "A search of the surrounding villages continues to find any remaining fighters, the statement added, "
                + "and the military says it will keep up such raids until the threat has been removed.";
    }

    @Test
    void shouldKeepTwoStoriesWhenTemplatedReportsOfTwoIncidentsDifferInTheirFigures() {
        pipe("op1", aReport("op1").outlet("ISPR").url("https://ispr.example/1").body(release("North Waziristan", 7, 3)).build(), T0);
        pipe("op2", aReport("op2").outlet("ISPR").url("https://ispr.example/2").body(release("North Waziristan", 4, 5)).build(),
                T0.plus(Duration.ofDays(2)));
        // the same release, carried by a paper: a copy
        pipe("paper", aReport("paper").outlet("Daily Frontier").url("https://frontier.example/op")
                .body(release("North Waziristan", 4, 5).replace("RAWALPINDI: ", "")).build(), T0.plus(Duration.ofDays(2)).plusSeconds(600));

        assertThat(unique.readValuesToList()).extracting(UniqueReport::getStoryId).containsExactly("op1", "op2");
        assertThat(mentions.readValuesToList()).extracting(Mention::getReportId, Mention::getStoryId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("paper", "op2"));
    }

    @Test
    void shouldJoinTheEarliestStoryWhenACopyMatchesTwoStories() {
        // two stories, then a round-up that carries most of both: it joins the earlier one, whatever its containment
        pipe("wire", aReport("wire").outlet("Test Wire").url("https://wire.example/a").body(WireStory.paragraphs(0, 3)).build(), T0);
        pipe("other", aReport("other").outlet("Gardez Times").url("https://gardez.example/raid")
                .body(WireStory.OTHER_WRITE_UP).build(), T0.plusSeconds(60));
        pipe("roundup", aReport("roundup").outlet("Round-up").url("https://roundup.example/x")
                .body(WireStory.paragraphs(0, 2) + "\n\n" + WireStory.OTHER_WRITE_UP).build(), T0.plusSeconds(120));

        assertThat(unique.readValuesToList()).extracting(UniqueReport::getStoryId).containsExactly("wire", "other");
        final Mention roundup = mentions.readValue();
        assertThat(roundup.getReportId()).isEqualTo("roundup");
        assertThat(roundup.getStoryId()).isEqualTo("wire");
        assertThat(mentions.isEmpty()).as("the two stories are not merged").isTrue();
    }

    @Test
    void shouldMergeTheStoryOfAVersionIntoTheOriginalsWhenTheWireCopyBridgesThem() {
        // the version R arrives before the wire copy W and matches nothing; W copies both the original O and R
        pipe("o", aReport("o").outlet("Frontier Paper").url("https://paper.example/o").body(BridgeTexts.ORIGINAL).build(), T0);
        pipe("r", aReport("r").outlet("Valley Daily").url("https://daily.example/r").body(BridgeTexts.REVISED)
                .publishedAt("2026-02-27T06:30:00Z").build(), T0.plusSeconds(60));
        pipe("w", aReport("w").outlet("Test Wire").url("https://wire.example/w").body(BridgeTexts.WIRE).build(), T0.plusSeconds(120));

        assertThat(unique.readValuesToList()).extracting(UniqueReport::getStoryId).containsExactly("o", "r");
        final var out = mentions.readRecordsToList();
        assertThat(out).extracting(r -> r.key(), r -> r.value().getReportId(), r -> r.value().getMatchedReportId(), r -> r.value().getTier())
                .containsExactlyInAnyOrder(tuple("o", "r", "w", DuplicateTier.NEAR_COPY), tuple("o", "w", "o", DuplicateTier.NEAR_COPY));
        final var merged = out.stream().filter(r -> r.value().getReportId().equals("r")).findFirst().orElseThrow();
        assertThat(merged.value().getSourceOutlet()).isEqualTo("Valley Daily");
        assertThat(merged.value().getUrl()).isEqualTo("https://daily.example/r");
        assertThat(merged.value().getPublishedAt()).isEqualTo(Instant.parse("2026-02-27T06:30:00Z"));
        assertThat(merged.value().getOutletCount()).as("O's story carried by three outlets now").isEqualTo(3);
        assertThat(merged.headers().lastHeader(DedupTopology.REVISION_HEADER).value()).containsExactly(0, 0, 0, 1);
        assertThat(out.stream().filter(r -> r.value().getReportId().equals("w")).findFirst().orElseThrow()
                .headers().lastHeader(DedupTopology.REVISION_HEADER)).as("a first placement has no revision").isNull();
        // the merged story is one story from now on: a later copy of R alone joins O's
        pipe("r2", aReport("r2").outlet("Weekly").url("https://weekly.example/r2").body(BridgeTexts.REVISED + " Updated later.").build(),
                T0.plusSeconds(180));
        assertThat(mentions.readValue().getStoryId()).isEqualTo("o");
        assertThat(unique.isEmpty()).isTrue();
        assertThat(mentions.isEmpty()).isTrue();
    }

    @Test
    void shouldGroupTheOriginalWithItsCopyWhenTheCopyArrivesFirst() {
        // a backfill: the copy (stamped later) reaches the index first and opens the story; the original,
        // placed next, finds it and joins it, so the pair is grouped whichever came first
        pipe("copy", aReport("copy").outlet("Brief Daily").url("https://brief.example/paktia")
                .body(WireStory.paragraphs(0, 3)).build(), T0.plusSeconds(900));
        pipeWireOriginal();

        assertThat(unique.readValuesToList()).extracting(UniqueReport::getStoryId).containsExactly("copy");
        final Mention original = mentions.readValue();
        assertThat(original.getReportId()).isEqualTo("orig");
        assertThat(original.getStoryId()).isEqualTo("copy");
        assertThat(original.getTier()).isEqualTo(DuplicateTier.NEAR_COPY);
        assertThat(original.getOutletCount()).isEqualTo(2);
    }

    @Test
    void shouldForgetStoryWhenNearCopyArrivesAfterTheHorizon() {
        pipeWireOriginal();
        pipe("late", aReport("late").url("https://late.example/a").body(WireStory.paragraphs(0, 3)).build(),
                T0.plus(Duration.ofDays(8)));

        assertThat(unique.readValuesToList()).extracting(UniqueReport::getStoryId).containsExactly("orig", "late");
        assertThat(mentions.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepStateFlatWhenReportsArriveAtAConstantRate() {
        // one new story an hour for four horizons (28 days): entries older than the horizon leave with their segments
        final long[] sizes = new long[4];
        for (int hour = 0; hour < 4 * 7 * 24; hour++) {
            final String id = "r" + hour;
            pipe(id, aReport(id).url("https://flat.example/" + hour)
                    .body("Report number " + hour + " says " + WireStory.PARAGRAPHS.get(hour % 6).replace("the", "the " + hour))
                    .build(), T0.plus(Duration.ofHours(hour)));
            if (hour % (7 * 24) == 7 * 24 - 1) {
                sizes[hour / (7 * 24)] = entries(DedupTopology.PLACED_STORE);
            }
        }
        // after the first horizon the stores hold between one and two horizons of entries (segments drop whole)
        assertThat(sizes[2]).isLessThanOrEqualTo(sizes[1] * 11 / 10);
        assertThat(sizes[3]).isLessThanOrEqualTo(sizes[1] * 11 / 10);
        assertThat(sizes[3]).isLessThan(2 * sizes[0] + 1);
    }

    private long entries(final String store) {
        long n = 0;
        try (var it = driver.getWindowStore(store).all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }
}
