package io.sitrep.schemas.registry;

/**
 * A registry client setting is missing, malformed or points at something unusable (a truststore
 * file that does not exist, a wrong password). The message names the property; it never holds a
 * password or token.
 */
public final class InvalidRegistrySettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public InvalidRegistrySettingException(final String key, final String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public InvalidRegistrySettingException(final String key, final String problem, final Throwable cause) {
        super(key + ": " + problem, cause);
        this.key = key;
    }

    /** The property at fault, e.g. {@code schema.registry.ssl.truststore.location}. */
    public String key() {
        return key;
    }
}
