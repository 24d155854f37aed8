package io.sitrep.embedded;

/**
 * An embedded server could not start because its port is taken. The message names the port, the
 * role and how to choose another, ready to show to a user as is.
 */
public class PortInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int port;

    public PortInUseException(final int port, final String role, final String hint, final Throwable cause) {
        super("Port " + port + " (" + role + ") is already in use; " + hint, cause);
        this.port = port;
    }

    /** The port that was taken. */
    public int port() {
        return port;
    }
}
