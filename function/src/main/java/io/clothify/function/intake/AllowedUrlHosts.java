package io.clothify.function.intake;

import io.clothify.function.api.BadRequestException;
import io.clothify.model.contract.FunctionEnvironment;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Which hosts an image URL may name: the deployed API's guard against strangers making the function download at its
 * owner's cost. Read from {@code URL_HOSTS}: unset = any public host (the local server); {@code none} (the stack's
 * default) = URL intake off; {@code *} = any public host; otherwise a comma-separated list where {@code example.com}
 * allows that host and {@code .example.com} its subdomains. The fetcher's address policy (no private, loopback or
 * metadata addresses) applies in every case.
 *
 * @param any every host is allowed
 * @param hosts the allowed hosts (lower case); empty with {@code any == false}: URL intake is off
 */
public record AllowedUrlHosts(boolean any, List<String> hosts) {
    public static final String ENV = FunctionEnvironment.URL_HOSTS;

    public AllowedUrlHosts {
        hosts = List.copyOf(hosts);
    }

    public static AllowedUrlHosts anyHost() {
        return new AllowedUrlHosts(true, List.of());
    }

    /** Parses {@code URL_HOSTS}; null = unset. */
    public static AllowedUrlHosts parse(String value) {
        if (value == null || value.trim().equals("*")) {
            return anyHost();
        }
        List<String> hosts = Stream.of(value.split(",")).map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty() && !h.equals("none")).toList();
        return new AllowedUrlHosts(false, hosts);
    }

    /** @throws BadRequestException when this deployment does not fetch from the URL's host */
    public void check(String url) {
        if (any) {
            return;
        }
        if (hosts.isEmpty()) {
            throw new BadRequestException("url_intake_off", "This deployment does not fetch image URLs: send the"
                    + " image itself (a JPEG, PNG or WebP body, or JSON {\"image\": \"<base64>\"})");
        }
        // the host as the fetcher will read it (browser rules), so the list and the fetch cannot disagree
        requireListed(ImageUrl.parse(url), "");
    }

    /**
     * Checks where a redirect leads: an allowed host that redirects elsewhere must not open a way around the list.
     *
     * @throws BadRequestException when this deployment does not fetch from that host
     */
    public void checkRedirect(ImageUrl target) {
        if (!any) {
            requireListed(target, "The image URL redirected to another host: ");
        }
    }

    private void requireListed(ImageUrl url, String context) {
        String host = url.host().name();
        String h = host.toLowerCase(Locale.ROOT);
        boolean allowed = hosts.stream().anyMatch(a -> a.startsWith(".") ? h.endsWith(a) : h.equals(a));
        if (!allowed) {
            throw new BadRequestException("url_host_not_allowed", context + "this deployment fetches images only from "
                    + String.join(", ", hosts) + "; " + host + " is not one of them");
        }
    }
}
