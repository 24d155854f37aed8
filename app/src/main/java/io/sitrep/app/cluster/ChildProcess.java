package io.sitrep.app.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One JVM of the local cluster: started from a fixed command, its output appended to a log file,
 * ready once that output shows its ready line and, where it has one, its readiness URL answers
 * 200. Startable again after it died.
 */
public final class ChildProcess {
    private final String name;
    private final List<String> command;
    private final Path log;
    private final String readyLine;
    private final URI readyUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private long logOffset;

    /** @param readyUrl answers 200 once the process is ready (a {@code /readyz}); null: the ready line suffices */
    public ChildProcess(final String name, final List<String> command, final Path log, final String readyLine, final URI readyUrl) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
        this.readyLine = readyLine;
        this.readyUrl = readyUrl;
    }

    public Path log() {
        return log;
    }

    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        // only output written after this start counts as this start's ready line
        logOffset = Files.exists(log) ? Files.size(log) : 0;
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    public void awaitReady(final Duration timeout) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            final String output = outputSinceStart();
            if (output.contains(readyLine) && (readyUrl == null || answers200())) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready:\n"
                        + tail(output));
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + tail(outputSinceStart()));
    }

    public synchronized int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not die within 30 s of SIGKILL");
        }
        return process.exitValue();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized void terminate() {
        if (process != null) {
            process.destroy();
        }
    }

    /** Waits up to {@code timeout} for the process to exit, then kills it (zero: kills it at once). */
    public void awaitExit(final Duration timeout) {
        final Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            return;
        }
        try {
            if (timeout.isZero() || !p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (final InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private boolean answers200() throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(readyUrl).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (final IOException e) {
            return false;
        }
    }

    private String outputSinceStart() throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        final byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(logOffset, all.length), (int) Math.max(0, all.length - logOffset),
                StandardCharsets.UTF_8);
    }

    private static String tail(final String output) {
        return output.length() <= 4_000 ? output : "…" + output.substring(output.length() - 4_000);
    }
}
