package io.clothify.function.intake;

import java.time.Duration;
import java.util.Objects;

/**
 * How image URLs are fetched.
 *
 * @param connectTimeout limit for each TCP (and TLS) connection
 * @param readTimeout limit for each wait for bytes
 * @param totalTimeout limit for the whole fetch, redirects included (defeats slow-loris servers)
 * @param maxRedirects redirects followed, each re-checked (0..3)
 * @param maxBytes largest body accepted, enforced while streaming
 * @param policy which resolved addresses may be connected to
 */
public record FetchSettings(Duration connectTimeout, Duration readTimeout, Duration totalTimeout,
        int maxRedirects, int maxBytes, AddressPolicy policy) {

    public FetchSettings {
        Objects.requireNonNull(policy, "policy");
        for (Duration d : new Duration[] {connectTimeout, readTimeout, totalTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("Fetch timeouts must be positive, got " + d);
            }
        }
        if (maxRedirects < 0 || maxRedirects > 3) {
            throw new IllegalArgumentException("maxRedirects must be 0..3, got " + maxRedirects);
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be > 0, got " + maxBytes);
        }
    }

    /** 3 s connect, 5 s read, 10 s total (API Gateway gives up at 30 s), 3 redirects, public addresses only. */
    public static FetchSettings defaults(int maxBytes) {
        return new FetchSettings(Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(10), 3, maxBytes,
                AddressPolicy.strict());
    }

    public FetchSettings withPolicy(AddressPolicy newPolicy) {
        return new FetchSettings(connectTimeout, readTimeout, totalTimeout, maxRedirects, maxBytes, newPolicy);
    }
}
