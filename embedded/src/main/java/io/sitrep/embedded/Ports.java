package io.sitrep.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Port checks for the embedded servers. A free port found here can still be taken by someone else
 * before the server binds it; the server's own bind then fails, just with a less friendly message.
 */
public final class Ports {
    private static final String HOST = "127.0.0.1";

    private Ports() {
    }

    /**
     * Returns {@code port} if it can be bound on 127.0.0.1 now, or a free port when {@code port} is 0.
     *
     * @param role what the port is for, e.g. "Kafka broker", used in the error message
     * @param hint how to pick another one, e.g. "choose another with --kafka-port"
     * @throws PortInUseException when the port is taken
     */
    /**
     * {@link #checkFree} for a port that must differ from {@code other}, a port found free a moment
     * ago: when both were asked as 0, the operating system can hand out the same free port twice
     * (each probe closes its socket before the next binds), so the probe is repeated.
     */
    public static int checkFreeOtherThan(final int port, final int other, final String role, final String hint) {
        return otherThan(other, port, () -> checkFree(port, role, hint));
    }

    /** The first of up to 20 {@code probe} results that is not {@code other}; a port asked for ({@code requested} > 0) is probed once. */
    static int otherThan(final int other, final int requested, final IntSupplier probe) {
        int found = probe.getAsInt();
        for (int tries = 1; found == other && requested == 0 && tries < 20; tries++) {
            found = probe.getAsInt();
        }
        return found;
    }

    /**
     * {@code count} distinct free ports: every probe's socket stays open until all are found, so the
     * operating system cannot hand out one of them twice.
     */
    public static List<Integer> freeDistinct(final int count) {
        final List<ServerSocket> open = new ArrayList<>();
        try {
            final List<Integer> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                final ServerSocket socket = new ServerSocket();
                open.add(socket);
                socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
                out.add(socket.getLocalPort());
            }
            return out;
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot find " + count + " free ports", e);
        } finally {
            for (final ServerSocket socket : open) {
                try {
                    socket.close();
                } catch (final IOException ignored) {
                    // a probe socket that fails to close frees its port all the same when the process ends
                }
            }
        }
    }

    public static int checkFree(final int port, final String role, final String hint) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return socket.getLocalPort();
        } catch (final BindException e) {
            throw new PortInUseException(port, role, hint, e);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot check port " + port + " (" + role + ")", e);
        }
    }
}
