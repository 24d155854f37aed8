package io.sitrep.schemas.id;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reduces a web URL to one canonical form, so that the same article reached through different
 * links (tracking parameters, AMP or mobile copies, fragments, http vs https) gets one string.
 *
 * <p>Both ingest (for the report id, see {@link ReportIds}) and dedup (for its exact-URL tier) call
 * this class; that is why it lives in {@code schemas}, the one module both depend on. Changing the
 * rules changes report ids of URL-only reports, so treat any change as a data migration.
 *
 * <p>Rules, in order:
 * <ul>
 *   <li>only absolute {@code http}/{@code https} URLs with a host are accepted; both come out as
 *       {@code https} (outlets serve the same article on both);</li>
 *   <li>user info is dropped; the host is lower-cased (IDN hosts converted to ASCII, trailing dot
 *       removed); one leading {@code www.}, {@code m.}, {@code amp.} or {@code mobile.} label is
 *       removed when a registrable name remains; the scheme's default port is dropped;</li>
 *   <li>the fragment is dropped;</li>
 *   <li>in the path: percent-escapes are normalised (unreserved characters decoded, hex
 *       upper-cased, illegal characters escaped), dot segments resolved, empty segments removed,
 *       an {@code amp} segment at the start or end removed, and the trailing slash removed;</li>
 *   <li>in the query: tracking parameters ({@code utm_*}, {@code at_*}, {@code fbclid},
 *       {@code gclid}, {@code mc_cid}, {@code ref}, ... see {@link #TRACKING_PARAMS}) and AMP
 *       switches ({@code amp}, {@code outputType=amp}) are removed; the rest is sorted.</li>
 * </ul>
 * Path case is kept: paths are case-sensitive on most servers. The class is stateless and
 * thread-safe.
 */
public final class CanonicalUrl {

    /** Query parameter names (compared lower-case) that only track the click, never select content. */
    public static final Set<String> TRACKING_PARAMS = Set.of(
            "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
            "mc_cid", "mc_eid", "ref", "ref_src", "ref_url", "referrer", "cmpid", "ocid", "smid",
            "sr_share", "s_cid", "_ga", "_gl", "__twitter_impression", "mkt_tok", "ito", "xtor");

    /** Query parameter name prefixes (compared lower-case) used by analytics suites. */
    private static final List<String> TRACKING_PREFIXES = List.of("utm_", "at_", "pk_", "hsa_");

    /** Host labels that mark a mobile or AMP copy of the same site. */
    private static final List<String> HOST_VARIANT_PREFIXES = List.of("www.", "m.", "amp.", "mobile.");

    // RFC 3986, appendix B.
    private static final Pattern URI_PARTS =
            Pattern.compile("^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\\?([^#]*))?(?:#(.*))?$", Pattern.DOTALL);
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
    private static final Pattern HOST_LABELS = Pattern.compile("[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*");
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[[0-9a-f:.]+]");
    // sub-delims, ':' and '@' (RFC 3986 pchar) plus '/' and '?', which are legal inside a query
    private static final String ALLOWED_AS_IS = "!$&'()*+,;=:@/?";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private CanonicalUrl() {
    }

    /**
     * Canonical form of {@code url}, or empty when it is not an absolute http(s) URL with a valid
     * host (including {@code null}, blank and non-web schemes such as {@code ftp:} or {@code mailto:}).
     */
    public static Optional<String> canonicalize(final String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        final Matcher m = URI_PARTS.matcher(url.strip());
        if (!m.matches() || m.group(1) == null || m.group(2) == null) {
            return Optional.empty();
        }
        final String scheme = m.group(1);
        if (!SCHEME.matcher(scheme).matches()) {
            return Optional.empty();
        }
        final String lowerScheme = scheme.toLowerCase(Locale.ROOT);
        if (!lowerScheme.equals("http") && !lowerScheme.equals("https")) {
            return Optional.empty();
        }
        final Optional<String> authority = canonicalAuthority(m.group(2), lowerScheme.equals("http") ? 80 : 443);
        if (authority.isEmpty()) {
            return Optional.empty();
        }
        final String path = canonicalPath(m.group(3));
        final String query = m.group(4) == null ? "" : canonicalQuery(m.group(4));
        return Optional.of("https://" + authority.get() + path + (query.isEmpty() ? "" : "?" + query));
    }

    private static Optional<String> canonicalAuthority(final String rawAuthority, final int defaultPort) {
        // user info never identifies the article and must not be stored
        final int at = rawAuthority.lastIndexOf('@');
        final String hostPort = at >= 0 ? rawAuthority.substring(at + 1) : rawAuthority;
        final String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            final int close = hostPort.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = hostPort.substring(0, close + 1).toLowerCase(Locale.ROOT);
            final String rest = hostPort.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return Optional.empty();
                }
                port = rest.substring(1);
            }
            if (!IPV6_LITERAL.matcher(host).matches()) {
                return Optional.empty();
            }
        } else {
            final int colon = hostPort.lastIndexOf(':');
            final String rawHost = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
            port = colon >= 0 ? hostPort.substring(colon + 1) : null;
            final Optional<String> ascii = asciiHost(rawHost);
            if (ascii.isEmpty()) {
                return Optional.empty();
            }
            host = stripVariantPrefix(ascii.get());
        }
        if (port == null || port.isEmpty()) {
            return Optional.of(host);
        }
        if (!port.chars().allMatch(c -> c >= '0' && c <= '9') || port.length() > 5) {
            return Optional.empty();
        }
        final int portNumber = Integer.parseInt(port);
        if (portNumber > 65535) {
            return Optional.empty();
        }
        // http's 80 and https's 443 both mean "the default" once the scheme is unified
        return Optional.of(portNumber == defaultPort ? host : host + ":" + portNumber);
    }

    private static Optional<String> asciiHost(final String rawHost) {
        String host = rawHost;
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty()) {
            return Optional.empty();
        }
        try {
            host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            // not a valid internationalised name: the URL is unusable, which is what empty says
            return Optional.empty();
        }
        host = host.toLowerCase(Locale.ROOT);
        return HOST_LABELS.matcher(host).matches() ? Optional.of(host) : Optional.empty();
    }

    private static String stripVariantPrefix(final String host) {
        for (final String prefix : HOST_VARIANT_PREFIXES) {
            if (host.startsWith(prefix)) {
                final String rest = host.substring(prefix.length());
                // keep "m.com" or "amp.dev" intact: stripping must leave a name with a dot
                return rest.indexOf('.') > 0 ? rest : host;
            }
        }
        return host;
    }

    private static String canonicalPath(final String rawPath) {
        final Deque<String> segments = new ArrayDeque<>();
        for (final String segment : rawPath.split("/", -1)) {
            final String s = normalizeEscapes(segment);
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                segments.pollLast();
                continue;
            }
            segments.addLast(s);
        }
        // /amp/story and /story/amp are the AMP copies of /story
        if (!segments.isEmpty() && segments.peekFirst().equalsIgnoreCase("amp")) {
            segments.pollFirst();
        }
        if (!segments.isEmpty() && segments.peekLast().equalsIgnoreCase("amp")) {
            segments.pollLast();
        }
        if (segments.isEmpty()) {
            return "";
        }
        return "/" + String.join("/", segments);
    }

    private static String canonicalQuery(final String rawQuery) {
        final List<String> kept = new ArrayList<>();
        for (final String param : rawQuery.split("&")) {
            if (param.isEmpty()) {
                continue;
            }
            final int eq = param.indexOf('=');
            final String name = normalizeEscapes(eq >= 0 ? param.substring(0, eq) : param);
            final String value = eq >= 0 ? normalizeEscapes(param.substring(eq + 1)) : null;
            if (name.isEmpty() || isTracking(name) || isAmpSwitch(name, value)) {
                continue;
            }
            kept.add(value == null ? name : name + "=" + value);
        }
        kept.sort(null);
        return String.join("&", kept);
    }

    private static boolean isTracking(final String name) {
        final String lower = name.toLowerCase(Locale.ROOT);
        if (TRACKING_PARAMS.contains(lower)) {
            return true;
        }
        for (final String prefix : TRACKING_PREFIXES) {
            if (lower.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAmpSwitch(final String name, final String value) {
        final String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("amp") || lower.equals("amp_js_v")
                || (lower.equals("outputtype") && "amp".equalsIgnoreCase(value));
    }

    /**
     * Re-encodes one path segment or query component: unreserved characters are decoded, other
     * escapes get upper-case hex, characters that are illegal in a URI (space, non-ASCII, quotes)
     * are escaped as UTF-8. A stray {@code %} not followed by two hex digits is escaped too.
     */
    private static String normalizeEscapes(final String component) {
        final StringBuilder out = new StringBuilder(component.length());
        int i = 0;
        while (i < component.length()) {
            final char c = component.charAt(i);
            if (c == '%' && i + 2 < component.length() && isHex(component.charAt(i + 1)) && isHex(component.charAt(i + 2))) {
                final int b = Character.digit(component.charAt(i + 1), 16) * 16 + Character.digit(component.charAt(i + 2), 16);
                if (isUnreserved((char) b)) {
                    out.append((char) b);
                } else {
                    out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
                }
                i += 3;
            } else if (isUnreserved(c) || ALLOWED_AS_IS.indexOf(c) >= 0) {
                out.append(c);
                i++;
            } else {
                final int cp = component.codePointAt(i);
                for (final byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                }
                i += Character.charCount(cp);
            }
        }
        return out.toString();
    }

    private static boolean isHex(final char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isUnreserved(final char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

}
