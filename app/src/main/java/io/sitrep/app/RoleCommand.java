package io.sitrep.app;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every runnable {@code sitrep} subcommand has: picocli's model of it (injected into this
 * field of the superclass too), for its output and error streams, which tests replace, and a
 * {@link #run} that writes to the output stream and is flushed when it returns.
 */
abstract class RoleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The role itself, writing to {@code out}; returns the exit code. */
    abstract int run(PrintWriter out) throws Exception;

    /** Runs the role on picocli's output stream, flushed afterwards whatever happens. */
    @Override
    public final Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        try {
            return run(out);
        } finally {
            out.flush();
        }
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
