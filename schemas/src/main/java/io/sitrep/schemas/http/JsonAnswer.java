package io.sitrep.schemas.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * JSON answers of every sitrep HTTP endpoint (ingest, queries, health, lag, metrics), with the one
 * error shape they share:
 *
 * <pre>{"status": "error", "reason": "NOT_FOUND", "message": "no endpoint at /x"}</pre>
 *
 * {@code reason} is a stable upper-case code to branch on, {@code message} is for people,
 * {@code status} a word for the kind of answer ({@code error}, or ingest's {@code rejected},
 * {@code forbidden}, {@code unavailable}). An endpoint may add fields (ingest: {@code problems},
 * {@code reportId}; 404: {@code endpoints}), never drop these three. The embedded schema registry
 * is the exception: it answers Confluent's {@code {"error_code", "message"}}, which registry
 * clients expect.
 */
public final class JsonAnswer {
    /** Content type of every JSON answer. */
    public static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonAnswer() {
    }

    /** An error body: {@code {"status", "reason", "message"}}; add fields to it as needed. */
    public static ObjectNode error(final String status, final String reason, final String message) {
        final ObjectNode body = JSON.createObjectNode();
        body.put("status", status);
        body.put("reason", reason);
        body.put("message", message);
        return body;
    }

    /** Sends an error with status word {@code error}. */
    public static void sendError(final HttpExchange exchange, final int status, final String reason, final String message)
            throws IOException {
        send(exchange, status, error("error", reason, message));
    }

    /** 405 with {@code Allow} and the error body. */
    public static void sendMethodNotAllowed(final HttpExchange exchange, final String allow) throws IOException {
        exchange.getResponseHeaders().set("Allow", allow);
        sendError(exchange, 405, "METHOD_NOT_ALLOWED", exchange.getRequestMethod() + " is not allowed: use " + allow);
    }

    /** Sends {@code body} (a Jackson tree, map or record) as JSON and closes the answer; no body for HEAD. */
    public static void send(final HttpExchange exchange, final int status, final Object body) throws IOException {
        try (OutputStream out = open(exchange, status, body)) {
            // closing the stream ends the answer
        }
    }

    /**
     * Sends the headers and {@code body}, flushed, and returns the still open stream: the caller
     * can read the rest of the request before closing it (the JDK server drops the connection as
     * soon as an answer ends with request bytes unread, and the client then sees a reset).
     */
    public static OutputStream open(final HttpExchange exchange, final int status, final Object body) throws IOException {
        final byte[] bytes = bytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        final boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        final OutputStream out = exchange.getResponseBody();
        if (!head) {
            out.write(bytes);
        }
        out.flush();
        return out;
    }

    /** The JSON bytes of {@code body}. */
    public static byte[] bytes(final Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // trees, maps and records of strings and numbers always serialize; reaching here is a bug
            throw new UncheckedIOException(e);
        }
    }
}
