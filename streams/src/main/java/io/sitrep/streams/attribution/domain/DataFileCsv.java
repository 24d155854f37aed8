package io.sitrep.streams.attribution.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The format of the project's CSV data files (gazetteer, actor table, event lexicon): UTF-8, an
 * optional BOM, blank lines and {@code #} comments skipped, an optional header row, a fixed number
 * of comma-separated columns (the lexicon's last one optional), each stripped. Errors name the
 * source and line.
 */
final class DataFileCsv {

    /** One data row: its stripped columns, the source's name and the line number. */
    interface RowHandler {
        void row(List<String> cols, String source, int line);
    }

    private DataFileCsv() {
    }

    /** "source:line: ", the prefix of every error about a row. */
    static String where(final String source, final int line) {
        return source + ":" + line + ": ";
    }

    /** Reads a classpath resource of {@code owner}; {@code what} names the file in errors ("gazetteer"). */
    static void readResource(final Class<?> owner, final String resource, final String what, final List<String> header,
                             final RowHandler handler) {
        readResource(owner, resource, what, header, header.size(), handler);
    }

    /** As above, for rows of {@code required} up to {@code header.size()} columns. */
    static void readResource(final Class<?> owner, final String resource, final String what, final List<String> header,
                             final int required, final RowHandler handler) {
        final InputStream in = owner.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(what + " resource missing: " + resource);
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            read(r, resource, what, header, required, handler);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static void readFile(final Path file, final String what, final List<String> header, final RowHandler handler) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            read(r, file.toString(), what, header, handler);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + file, e);
        }
    }

    static void read(final Reader reader, final String source, final String what, final List<String> header,
                     final RowHandler handler) {
        read(reader, source, what, header, header.size(), handler);
    }

    /** Rows of {@code required} up to {@code header.size()} columns; the header row is known by its first {@code required}. */
    static void read(final Reader reader, final String source, final String what, final List<String> header,
                     final int required, final RowHandler handler) {
        final BufferedReader br = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        int lineNo = 0;
        try {
            String line;
            while ((line = br.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                final String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                final String[] f = line.split(",", -1);
                final List<String> cols = new ArrayList<>(f.length);
                for (final String s : f) {
                    cols.add(s.strip());
                }
                if (cols.size() >= required && cols.subList(0, required).stream()
                        .map(s -> s.toLowerCase(Locale.ROOT)).toList().equals(header.subList(0, required))) {
                    continue;
                }
                if (cols.size() < required || cols.size() > header.size()) {
                    throw new IllegalArgumentException(where(source, lineNo) + "expected "
                            + (required == header.size() ? "" : required + " to ") + header.size() + " columns "
                            + header + " but found " + cols.size());
                }
                handler.row(cols, source, lineNo);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + source, e);
        }
    }

    /** A {@code |}-separated list column, blanks dropped. */
    static List<String> list(final String column) {
        final List<String> out = new ArrayList<>();
        for (final String a : column.split("\\|")) {
            if (!a.isBlank()) {
                out.add(a.strip());
            }
        }
        return out;
    }
}
