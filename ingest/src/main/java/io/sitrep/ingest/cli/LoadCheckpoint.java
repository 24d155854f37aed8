package io.sitrep.ingest.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Where an interrupted load can resume: every report line before {@code nextLine} was stored or
 * refused, and {@code nextLine} starts at byte {@code offset} of the file. Lines that failed to
 * send hold the checkpoint back, so a resume sends them (and possibly a few lines after them)
 * again; that is harmless because report ids are stable.
 *
 * <p>Kept next to the input as {@code <file>.sitrep-load} (a small properties file that also
 * records the file's size, so a resume against a changed file is refused).
 *
 * @param nextLine first line not known to be settled (1-based)
 * @param offset   byte offset of that line
 * @param fileSize size of the input when the checkpoint was written; -1 if unknown
 */
public record LoadCheckpoint(int nextLine, long offset, long fileSize) {

    /** The start of a file. */
    public static final LoadCheckpoint START = new LoadCheckpoint(1, 0, -1);

    /** The checkpoint file of an input file. */
    public static Path fileFor(final Path input) {
        return input.resolveSibling(input.getFileName() + ".sitrep-load");
    }

    /** Reads a checkpoint file, if there is one. */
    public static Optional<LoadCheckpoint> read(final Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        final Properties p = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        }
        try {
            return Optional.of(new LoadCheckpoint(Integer.parseInt(p.getProperty("nextLine")),
                    Long.parseLong(p.getProperty("offset")), Long.parseLong(p.getProperty("fileSize", "-1"))));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IOException("checkpoint " + file + " is damaged; delete it to load from the start", e);
        }
    }

    /** Writes the checkpoint atomically (write a temporary file, then rename). */
    public void write(final Path file) {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        final String text = "# sitrep load checkpoint: lines before nextLine are stored or refused\n"
                + "nextLine=" + nextLine + "\noffset=" + offset + "\nfileSize=" + fileSize + "\n";
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }
}
