package io.clothify.function.intake;

import io.clothify.function.api.BadRequestException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A caller's image URL, checked before anything is resolved or fetched: {@code http} or {@code https} only, no
 * credentials, a valid host ({@link UrlHost}) and port. Where the address may go is decided later, by the
 * {@link AddressPolicy}, for every address the host resolves to.
 *
 * @param uri the URL as parsed (for resolving redirects against it)
 * @param https whether TLS is used
 * @param host the normalized host
 * @param port the port, the scheme's default when none is written
 */
public record ImageUrl(URI uri, boolean https, UrlHost host, int port) {
    /** Longer URLs are refused before parsing; 8 KB is also what common servers take in a request line. */
    public static final int MAX_LENGTH = 8192;

    /**
     * Parses and checks {@code url}.
     *
     * @throws BadRequestException {@code bad_url} when it is malformed (also an invalid host or port),
     *     {@code url_not_allowed} for another scheme or credentials
     */
    public static ImageUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new BadRequestException("bad_url", "The url is empty");
        }
        if (url.length() > MAX_LENGTH) {
            throw new BadRequestException("bad_url", "The url is " + url.length() + " characters; the limit is "
                    + MAX_LENGTH);
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new BadRequestException("bad_url", "The url is malformed: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BadRequestException("url_not_allowed", "Only http and https URLs are allowed, got '"
                    + (scheme.isEmpty() ? "no scheme" : scheme) + ":'");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new BadRequestException("bad_url", "The url has no host");
        }
        if (authority.contains("@")) {
            throw new BadRequestException("url_not_allowed", "URLs with credentials are not allowed");
        }
        boolean https = scheme.equals("https");
        int portAt = authority.startsWith("[") ? authority.indexOf(':', Math.max(0, authority.indexOf(']')))
                : authority.indexOf(':');
        String rawHost = portAt < 0 ? authority : authority.substring(0, portAt);
        int port = portAt < 0 ? -1 : port(authority.substring(portAt + 1));
        return new ImageUrl(uri, https, UrlHost.parse(rawHost), port < 0 ? (https ? 443 : 80) : port);
    }

    /** The path and query sent in the request line ({@code /} when the URL has no path). */
    public String requestTarget() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** The {@code Host} header: the normalized host, and the port when it is not the scheme's default. */
    public String hostHeader() {
        return host.headerForm() + (port == (https ? 443 : 80) ? "" : ":" + port);
    }

    /** Digits only, as browsers read it; empty means the scheme's default (-1). */
    private static int port(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        if (!text.matches("[0-9]+")) {
            throw new BadRequestException("bad_url", "The url's port '" + shorten(text) + "' is not a number");
        }
        String digits = text.replaceFirst("^0+(?=.)", "");
        int port = digits.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            throw new BadRequestException("bad_url", "The url's port " + shorten(text) + " is outside 1-65535");
        }
        return port;
    }

    private static String shorten(String text) {
        return text.length() > 20 ? text.substring(0, 20) + "..." : text;
    }
}
