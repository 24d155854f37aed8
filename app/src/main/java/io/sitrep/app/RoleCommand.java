package io.sitrep.app;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every runnable {@code sitrep} subcommand has: picocli's model of it (injected into this
 * field of the superclass too), for its output and error streams, which tests replace.
 */
abstract class RoleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
