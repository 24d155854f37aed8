package io.sitrep.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's sample corpus (written by the project; see sample/README.md) and the per-region
 * event counts it must produce, derived by hand and checked by SampleCorpusTest.
 */
public final class SampleCorpus {
    private static final String BASE = "/io/sitrep/app/sample/";

    private SampleCorpus() {
    }

    /** The corpus lines, one JSON report each, in file order (blank lines and # comments dropped). */
    public static List<String> reportLines() {
        final List<String> lines = new ArrayList<>();
        for (String line : read("reports.jsonl")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Expected distinct counted events per region code. */
    public static Map<String, Long> expectedEvents() {
        final Map<String, Long> expected = new TreeMap<>();
        for (String line : read("expected-regions.csv")) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("regionCode")) {
                continue;
            }
            final String[] cols = line.split(",");
            expected.put(cols[0].trim(), Long.parseLong(cols[1].trim()));
        }
        return expected;
    }

    private static List<String> read(final String name) {
        try (InputStream in = SampleCorpus.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("Sample resource missing from the jar: " + BASE + name);
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return reader.lines().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
