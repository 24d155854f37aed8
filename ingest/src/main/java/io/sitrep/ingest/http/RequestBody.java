package io.sitrep.ingest.http;

import com.sun.net.httpserver.HttpExchange;
import io.sitrep.ingest.intake.Payload;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reading a {@code POST /v1/reports} body: content type, size caps, NDJSON lines. */
final class RequestBody {
    /** Content type of a single report. */
    static final String JSON = "application/json";
    /** Content type of a batch. {@code application/ndjson} and {@code application/jsonl} are accepted too. */
    static final String NDJSON = "application/x-ndjson";
    /**
     * Most bytes of an oversize body read and thrown away after the 413 was sent, so that a client
     * still sending can read it instead of a reset connection; beyond this the connection is closed.
     */
    static final long MAX_DISCARD_BYTES = 64L * 1024 * 1024;

    private static final Set<String> NDJSON_TYPES = Set.of(NDJSON, "application/ndjson", "application/jsonl");

    private RequestBody() {
    }

    /** Whether the content type is one of the batch types. */
    static boolean isBatch(final String contentType) {
        return NDJSON_TYPES.contains(mediaType(contentType));
    }

    /** Null when acceptable, else why not. Parameters other than charset are ignored. */
    static String mediaTypeProblem(final String header) {
        if (header == null) {
            return "Content-Type is missing: expected " + JSON + " (one report) or " + NDJSON + " (one report per line)";
        }
        final String mediaType = mediaType(header);
        if (!mediaType.equals(JSON) && !NDJSON_TYPES.contains(mediaType)) {
            return "Content-Type " + mediaType + " is not supported: expected " + JSON + " or " + NDJSON;
        }
        final String[] parts = header.split(";");
        for (int i = 1; i < parts.length; i++) {
            final String[] param = parts[i].strip().split("=", 2);
            if (param.length == 2 && param[0].strip().equalsIgnoreCase("charset")) {
                final String charset = param[1].strip().replace("\"", "").toLowerCase(Locale.ROOT);
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    return "charset " + charset + " is not supported: reports must be UTF-8";
                }
            }
        }
        return null;
    }

    private static String mediaType(final String header) {
        return header == null ? "" : header.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The body, or {@code null} when it is over {@code cap}: declared so ({@code Content-Length},
     * nothing read: a client that waits on {@code Expect: 100-continue} is answered before it sends
     * the body) or found so while reading. The caller answers 413 and then calls {@link #discard}.
     */
    static byte[] read(final HttpExchange exchange, final int cap) throws IOException {
        final String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && parseLength(declared) > cap) {
            return null;
        }
        final InputStream in = exchange.getRequestBody();
        final byte[] body = in.readNBytes(cap + 1);
        return body.length <= cap ? body : null;
    }

    private static long parseLength(final String declared) {
        try {
            return Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            // the JDK server already refuses malformed lengths; let the cap decide while reading
            return -1;
        }
    }

    /**
     * Reads and throws away what is left of the body, up to {@link #MAX_DISCARD_BYTES}; returns
     * when the body ended, the client closed, or the limit was reached (then the connection is
     * closed with bytes unread).
     */
    static void discard(final HttpExchange exchange) {
        try (InputStream in = exchange.getRequestBody()) {
            final byte[] sink = new byte[64 * 1024];
            long discarded = 0;
            int n;
            while (discarded < MAX_DISCARD_BYTES && (n = in.read(sink)) > 0) {
                discarded += n;
            }
        } catch (IOException e) {
            // the client stopped sending and went away: nothing left to protect
        }
    }

    /**
     * The reports of a batch: split on {@code \n}, a trailing {@code \r} dropped, blank lines
     * skipped, line numbers counting every physical line from 1; a line over {@code maxLineBytes}
     * is cut there and marked.
     */
    static List<Payload> lines(final byte[] body, final int maxLineBytes) {
        final List<Payload> items = new ArrayList<>();
        int line = 0;
        int start = 0;
        while (start <= body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            line++;
            int stop = end;
            if (stop > start && body[stop - 1] == '\r') {
                stop--;
            }
            if (!blank(body, start, stop)) {
                final boolean tooLarge = stop - start > maxLineBytes;
                items.add(new Payload("line " + line, line,
                        Arrays.copyOfRange(body, start, tooLarge ? start + maxLineBytes : stop), tooLarge));
            }
            if (end == body.length) {
                break;
            }
            start = end + 1;
        }
        return items;
    }

    private static boolean blank(final byte[] body, final int from, final int to) {
        for (int i = from; i < to; i++) {
            if (body[i] != ' ' && body[i] != '\t' && body[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
