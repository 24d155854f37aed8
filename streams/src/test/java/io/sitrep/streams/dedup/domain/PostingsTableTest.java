package io.sitrep.streams.dedup.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PostingsTableTest {

    /** What a slot should read: ids oldest first, and which of them opened a story. */
    private record Carriers(List<Integer> ids, List<Boolean> opened) {
        Carriers() {
            this(new ArrayList<>(), new ArrayList<>());
        }

        int stories() {
            return (int) opened.stream().filter(o -> o).count();
        }
    }

    @Test
    void shouldReadLikeListsOfReportsWhileReportsComeGoAndBecomeCopies() {
        final PostingsTable table = new PostingsTable();
        final Map<Long, Carriers> expected = new HashMap<>();
        final Random random = new Random(11);
        int nextId = 0;
        for (int op = 0; op < 100_000; op++) {
            // few fingerprints, so slots go from one report to several and back to none again and again
            final long fingerprint = random.nextInt(40) * 0x9E3779B97F4A7C15L;
            final Carriers carriers = expected.computeIfAbsent(fingerprint, f -> new Carriers());
            final int choice = random.nextInt(5);
            if (choice < 2 || carriers.ids().isEmpty()) {
                final boolean opens = random.nextBoolean();
                table.add(fingerprint, nextId, opens);
                carriers.ids().add(nextId++);
                carriers.opened().add(opens);
            } else if (choice < 4) {
                // usually the oldest leaves, sometimes another
                final int at = random.nextInt(4) == 0 ? random.nextInt(carriers.ids().size()) : 0;
                table.remove(fingerprint, carriers.ids().remove(at), carriers.opened().remove(at));
            } else {
                final int opener = carriers.opened().indexOf(true);
                if (opener >= 0) {
                    table.storyBecameCopy(fingerprint);
                    carriers.opened().set(opener, false);
                }
            }
            assertSlot(table, fingerprint, carriers);
            if (op % 97 == 0) {
                for (final Map.Entry<Long, Carriers> e : expected.entrySet()) {
                    assertSlot(table, e.getKey(), e.getValue());
                }
            }
        }
    }

    private static void assertSlot(final PostingsTable table, final long fingerprint, final Carriers carriers) {
        final int slot = table.find(fingerprint);
        if (carriers.ids().isEmpty()) {
            assertThat(slot).isEqualTo(PostingsTable.NONE);
            return;
        }
        assertThat(table.size(slot)).isEqualTo(carriers.ids().size());
        assertThat(table.stories(slot)).isEqualTo(carriers.stories());
        for (int k = 0; k < carriers.ids().size(); k++) {
            assertThat(table.newestId(slot, k)).isEqualTo(carriers.ids().get(carriers.ids().size() - 1 - k));
        }
    }
}
