package io.sitrep.ingest.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bearer tokens scrapers present to ingest, each bound to the scraper id(s) it may send
 * reports for. Only SHA-256 hashes of tokens are held, read or written; the tokens themselves
 * never appear in files, logs or memory beyond the request that carries one.
 *
 * <h2>Format</h2>
 * One entry per line (file) or per comma/whitespace-separated item (environment variable
 * {@value #ENV_VARIABLE}); blank lines and lines starting with {@code #} are ignored:
 * <pre>
 * # scraperId=sha256:&lt;64 lower-case hex digits of SHA-256(token as UTF-8)&gt;
 * kabul-wire-1=sha256:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8
 * </pre>
 * The same hash on several lines binds one token to several scraper ids (one operator running
 * several collectors). {@link #hash(String)} and {@link #newToken()} produce the two halves.
 *
 * <p>Why plain SHA-256 and not a slow password hash: tokens are random with at least 128 bits
 * (what {@link #newToken()} makes), so a leaked hash file cannot be brute-forced, and a slow hash
 * would cost tens of milliseconds on every request. Lookups are by hash, so comparing never
 * touches the secret byte by byte.
 *
 * <p>Immutable and thread-safe.
 */
public final class ScraperTokens {

    /** Environment variable read by the app besides (or instead of) a token file. */
    public static final String ENV_VARIABLE = "SITREP_INGEST_TOKENS";
    /** Prefix of a stored hash. */
    public static final String HASH_PREFIX = "sha256:";

    private static final Pattern SCRAPER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/-]{0,255}");
    private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");
    private static final ScraperTokens DISABLED = new ScraperTokens(Map.of(), false);

    private final Map<String, Set<String>> scrapersByHash;
    private final boolean enabled;

    private ScraperTokens(final Map<String, Set<String>> scrapersByHash, final boolean enabled) {
        this.scrapersByHash = scrapersByHash;
        this.enabled = enabled;
    }

    /** No authentication at all: every request is let in. For the embedded demo only. */
    public static ScraperTokens disabled() {
        return DISABLED;
    }

    /**
     * Parses entries from text (a file's content or the environment variable's value).
     *
     * @param text   entries, see the class comment
     * @param origin where they come from, for error messages (never the text itself)
     * @throws IllegalArgumentException naming the origin and the entry number of a bad entry
     */
    public static ScraperTokens parse(final String text, final String origin) {
        Objects.requireNonNull(text, "text");
        final Map<String, Set<String>> byHash = new HashMap<>();
        addEntries(byHash, text, origin);
        return new ScraperTokens(freeze(byHash), true);
    }

    /** Reads a token file (UTF-8); see {@link #parse}. */
    public static ScraperTokens load(final Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * The union of several sources, e.g. a file and the environment; each pair is
     * {@code (text, origin)}. At least one source must be given.
     */
    public static ScraperTokens merge(final Map<String, String> textByOrigin) {
        if (textByOrigin.isEmpty()) {
            throw new IllegalArgumentException("no token source given");
        }
        final Map<String, Set<String>> byHash = new HashMap<>();
        textByOrigin.forEach((origin, text) -> addEntries(byHash, text, origin));
        return new ScraperTokens(freeze(byHash), true);
    }

    private static void addEntries(final Map<String, Set<String>> byHash, final String text, final String origin) {
        int entry = 0;
        for (final String line : text.split("\\R")) {
            final String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            for (final String item : stripped.split("[,\\s]+")) {
                if (item.isEmpty()) {
                    continue;
                }
                entry++;
                final int eq = item.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(origin + ": entry " + entry
                            + " is not scraperId=sha256:<hex> (the value is not shown; tokens must never be stored in clear)");
                }
                final String scraperId = item.substring(0, eq);
                final String hash = item.substring(eq + 1).toLowerCase(Locale.ROOT);
                if (!SCRAPER_ID.matcher(scraperId).matches()) {
                    throw new IllegalArgumentException(origin + ": entry " + entry + " has an invalid scraper id");
                }
                if (!hash.startsWith(HASH_PREFIX) || !HEX_64.matcher(hash.substring(HASH_PREFIX.length())).matches()) {
                    throw new IllegalArgumentException(origin + ": entry " + entry + " (scraper " + scraperId
                            + ") does not hold sha256:<64 hex digits>; store the output of `sitrep ingest --hash-token`, not the token");
                }
                byHash.computeIfAbsent(hash, h -> new LinkedHashSet<>()).add(scraperId);
            }
        }
    }

    private static Map<String, Set<String>> freeze(final Map<String, Set<String>> byHash) {
        final Map<String, Set<String>> frozen = new HashMap<>();
        byHash.forEach((hash, ids) -> frozen.put(hash, Set.copyOf(ids)));
        return Map.copyOf(frozen);
    }

    /** {@code sha256:<hex>} of a token, as stored in the token file. */
    public static String hash(final String token) {
        Objects.requireNonNull(token, "token");
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HASH_PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }

    /** A new random token: 32 bytes from {@link SecureRandom}, base64url without padding (43 characters). */
    public static String newToken() {
        final byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Token tool, so operators need no other program: {@code new SCRAPER_ID} prints a fresh token
     * (hand it to the scraper, once) and the line for the token file; {@code hash} reads a token
     * from standard input and prints its {@code sha256:} form.
     */
    public static void main(final String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("new")) {
            final String token = newToken();
            System.out.println("token (give to the scraper, store nowhere else): " + token);
            System.out.println("token file line:                               " + args[1] + "=" + hash(token));
        } else if (args.length == 1 && args[0].equals("hash")) {
            final String token = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
            System.out.println(hash(token));
        } else {
            System.err.println("usage: ScraperTokens new SCRAPER_ID | ScraperTokens hash < token");
            System.exit(2);
        }
    }

    /** False only for {@link #disabled()}. */
    public boolean enabled() {
        return enabled;
    }

    /** Number of distinct tokens. */
    public int size() {
        return scrapersByHash.size();
    }

    /**
     * The scraper ids a presented token may send for; empty when the token is unknown.
     *
     * @param token the bearer token as presented
     */
    public Set<String> scrapersFor(final String token) {
        return scrapersByHash.getOrDefault(hash(token), Set.of());
    }
}
