package io.sitrep.app.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A labelled evaluation corpus in JSON Lines (format in {@code eval/README.md}). Blank lines and
 * lines starting with {@code #} are skipped; unknown fields are ignored; missing optional fields
 * become null or empty. A line without {@code id} or {@code text}, or a repeated id, is an error
 * with its line number.
 */
public record EvalCorpus(List<EvalItem> items) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The development corpus shipped in the jar. */
    public static final String DEV_CORPUS = "/io/sitrep/app/eval/dev-corpus.jsonl";

    public static EvalCorpus read(final Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    public static EvalCorpus devCorpus() {
        try (InputStream in = EvalCorpus.class.getResourceAsStream(DEV_CORPUS)) {
            if (in == null) {
                throw new IllegalStateException("Development corpus missing from the jar: " + DEV_CORPUS);
            }
            return read(in, DEV_CORPUS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EvalCorpus read(final InputStream in, final String name) throws IOException {
        final List<EvalItem> items = new ArrayList<>();
        final Set<String> ids = new HashSet<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                final JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    throw new IllegalArgumentException(name + ":" + number + ": not JSON: " + e.getMessage(), e);
                }
                final String id = text(n, "id");
                if (id == null || text(n, "text") == null) {
                    throw new IllegalArgumentException(name + ":" + number + ": an item needs \"id\" and \"text\"");
                }
                if (!ids.add(id)) {
                    throw new IllegalArgumentException(name + ":" + number + ": repeated id " + id);
                }
                items.add(new EvalItem(id, text(n, "url"), orElse(text(n, "outlet"), "unknown outlet"), text(n, "published_at"),
                        text(n, "headline"), text(n, "text"), orElse(text(n, "story"), EvalItem.NO_STORY), text(n, "event_date"),
                        strings(n.get("regions")), strings(n.get("event_types")), claims(n.get("claims")),
                        text(n, "near_duplicate_of"), text(n, "dup_kind")));
            }
        }
        return new EvalCorpus(List.copyOf(items));
    }

    private static String text(final JsonNode n, final String field) {
        final JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String orElse(final String value, final String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static List<String> strings(final JsonNode array) {
        final List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(v -> out.add(v.asText()));
        }
        return List.copyOf(out);
    }

    private static List<String> claims(final JsonNode array) {
        final List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(c -> out.add(c.path("claimant_side").asText("") + ": " + c.path("claim").asText("")));
        }
        return List.copyOf(out);
    }
}
