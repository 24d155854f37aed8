package io.sitrep.ingest.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Builds report payloads for tests: a valid report by default, changed one field at a time. */
public final class ReportJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String VALID = """
            {"scraperId": "kabul-wire-1",
             "scraperReportId": "kw-000123",
             "sourceOutlet": "Tolo News",
             "url": "https://tolonews.com/afghanistan-190001/strikes-in-khost?utm_source=rss",
             "language": "en",
             "publishedAt": "2026-02-27T06:10:00Z",
             "fetchedAt": "2026-02-27T06:12:00Z",
             "headline": "Drone strikes reported in Khost",
             "body": "Residents in Khost said drones struck two villages on Thursday night.",
             "hints": {"regionCode": "AF-KHO", "eventType": "AIR_DRONE_STRIKE", "eventDate": "2026-02-26"}}""";
    private final ObjectNode root;

    private ReportJson() {
        try {
            root = (ObjectNode) MAPPER.readTree(VALID);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid report. */
    public static ReportJson aReport() {
        return new ReportJson();
    }

    /** Sets a top-level string member. */
    public ReportJson with(final String field, final String value) {
        root.put(field, value);
        return this;
    }

    /** Sets a top-level member to any JSON value. */
    public ReportJson withNode(final String field, final JsonNode value) {
        root.set(field, value);
        return this;
    }

    /** Sets a top-level member to a number. */
    public ReportJson with(final String field, final long value) {
        root.put(field, value);
        return this;
    }

    /** Sets a member of {@code hints}. */
    public ReportJson withHint(final String field, final String value) {
        ((ObjectNode) root.get("hints")).put(field, value);
        return this;
    }

    /** Removes a top-level member. */
    public ReportJson without(final String field) {
        root.remove(field);
        return this;
    }

    /** Removes a member of {@code hints}. */
    public ReportJson withoutHint(final String field) {
        ((ObjectNode) root.get("hints")).remove(field);
        return this;
    }

    /** The payload as one line of JSON. */
    public String json() {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The payload as UTF-8 bytes. */
    public byte[] bytes() {
        return json().getBytes(StandardCharsets.UTF_8);
    }
}
