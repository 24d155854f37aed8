package io.sitrep.app;

/** Tear-down of a test's servers and clients. */
public final class Closing {
    private Closing() {
    }

    /** Closes each resource that was opened, in the order given (the last one started first); nulls are skipped. */
    public static void closeAll(final AutoCloseable... resources) throws Exception {
        for (final AutoCloseable resource : resources) {
            if (resource != null) {
                resource.close();
            }
        }
    }
}
