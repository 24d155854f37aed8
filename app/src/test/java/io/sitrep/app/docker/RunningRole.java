package io.sitrep.app.docker;

import io.sitrep.app.EnvironmentDefaults;
import io.sitrep.app.SitrepCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * One {@code sitrep} role ({@code streams}, {@code ingest}) run in a thread of this JVM exactly
 * as the container image runs it: the command line plus {@code SITREP_*} variables. Stopped by
 * interrupting its thread, which ends its wait for SIGTERM and closes it.
 */
final class RunningRole implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("(http://[^/\\s]+:\\d+)");

    private final String name;
    private final StringWriter output = new StringWriter();
    private final AtomicInteger exitCode = new AtomicInteger(Integer.MIN_VALUE);
    private final Thread thread;

    private RunningRole(final String name, final Map<String, String> environment, final String... args) {
        this.name = name;
        final CommandLine sitrep = new EnvironmentDefaults(environment).installOn(new CommandLine(new SitrepCommand()));
        final PrintWriter out = new PrintWriter(output, true);
        sitrep.setOut(out).setErr(out);
        thread = new Thread(() -> exitCode.set(sitrep.execute(args)), "sitrep-" + name);
    }

    /** Runs a command to its end and returns its exit code and output. */
    static Result run(final Map<String, String> environment, final String... args) {
        final CommandLine sitrep = new EnvironmentDefaults(environment).installOn(new CommandLine(new SitrepCommand()));
        final StringWriter output = new StringWriter();
        final PrintWriter out = new PrintWriter(output, true);
        sitrep.setOut(out).setErr(out);
        final int code = sitrep.execute(args);
        return new Result(code, output.toString());
    }

    record Result(int exitCode, String output) {
    }

    /** Starts the role and waits until it printed its HTTP address; returns the started role. */
    static RunningRole start(final String name, final Map<String, String> environment, final Duration timeout,
                             final String... args) throws InterruptedException {
        final RunningRole role = new RunningRole(name, environment, args);
        role.thread.start();
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (role.baseUrl() == null) {
            if (role.exitCode.get() != Integer.MIN_VALUE || System.nanoTime() > deadline) {
                role.close();
                throw new IllegalStateException("sitrep " + name + " did not come up (exit " + role.exitCode.get() + "):\n"
                        + role.output);
            }
            role.thread.join(100);
        }
        return role;
    }

    /** The role's HTTP address once it printed it, else null. */
    String baseUrl() {
        final Matcher m = URL.matcher(output.toString());
        return m.find() ? m.group(1) : null;
    }

    String output() {
        return output.toString();
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(Duration.ofSeconds(60).toMillis());
    }

    @Override
    public String toString() {
        return "sitrep " + name;
    }
}
