package io.clothify.function.intake;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which resolved addresses an image URL may connect to: public unicast only. Refused: unspecified,
 * loopback, link-local (including the metadata address 169.254.169.254), private (10/8, 172.16/12, 192.168/16),
 * CGNAT (100.64/10), benchmarking, documentation, multicast, reserved and broadcast ranges; the IPv6 equivalents
 * (::, ::1, fc00::/7, fe80::/10, fec0::/10, ff00::/8, 2001:db8::/32); and IPv6 forms that embed an IPv4 address
 * (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4 2002::/16), which are judged by the address they embed.
 * The addresses in {@code deniedAddresses} (the Lambda Runtime API's) are refused even where loopback is allowed.
 *
 * @param allowLoopback a dev-only setting: allow 127/8 and ::1 (never on in Lambda)
 * @param deniedAddresses addresses refused regardless of the other rules
 * @param allowedEndpoints a test-only setting: these exact address:port pairs are allowed (a local test server)
 */
public record AddressPolicy(boolean allowLoopback, Set<InetAddress> deniedAddresses,
        Set<InetSocketAddress> allowedEndpoints) {

    public AddressPolicy {
        deniedAddresses = Set.copyOf(deniedAddresses);
        allowedEndpoints = Set.copyOf(allowedEndpoints);
    }

    /** Public addresses only; also refuses the Lambda Runtime API's host when the variable is set. */
    public static AddressPolicy strict() {
        return new AddressPolicy(false, runtimeApiAddress().map(Set::of).orElse(Set.of()), Set.of());
    }

    /** Also allows loopback, for local tests and {@code serve --allow-loopback-urls}. */
    public static AddressPolicy allowingLoopback() {
        return new AddressPolicy(true, runtimeApiAddress().map(Set::of).orElse(Set.of()), Set.of());
    }

    /** Strict, except for these exact endpoints (tests: a server on 127.0.0.1 and its port). */
    public static AddressPolicy strictExcept(Set<InetSocketAddress> endpoints) {
        return new AddressPolicy(false, Set.of(), endpoints);
    }

    /** Why connecting to {@code address:port} is refused, or empty when it may be used. */
    public Optional<String> refusal(InetAddress address, int port) {
        if (allowedEndpoints.contains(new InetSocketAddress(address, port))) {
            return Optional.empty();
        }
        return refusal(address);
    }

    /** Why {@code address} is refused, or empty when it may be used. */
    public Optional<String> refusal(InetAddress address) {
        if (deniedAddresses.contains(address)) {
            return Optional.of("the Lambda Runtime API address");
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4Refusal(b);
        }
        if (address instanceof Inet6Address) {
            return ipv6Refusal(b);
        }
        return Optional.of("an address of an unknown family");
    }

    private Optional<String> ipv4Refusal(byte[] b) {
        int a0 = b[0] & 0xFF;
        int a1 = b[1] & 0xFF;
        int a2 = b[2] & 0xFF;
        if (a0 == 127) {
            return allowLoopback ? Optional.empty() : Optional.of("a loopback address");
        }
        if (a0 == 0) {
            return Optional.of("an unspecified ('this network') address");
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xF0) == 16) || (a0 == 192 && a1 == 168)) {
            return Optional.of("a private address");
        }
        if (a0 == 100 && (a1 & 0xC0) == 64) {
            return Optional.of("a carrier-grade NAT address");
        }
        if (a0 == 169 && a1 == 254) {
            return Optional.of("a link-local address");
        }
        if ((a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113) || (a0 == 198 && (a1 & 0xFE) == 18)
                || (a0 == 192 && a1 == 88 && a2 == 99)) {
            return Optional.of("a reserved (protocol, documentation or benchmarking) address");
        }
        if (a0 >= 224 && a0 <= 239) {
            return Optional.of("a multicast address");
        }
        if (a0 >= 240) {
            return Optional.of("a reserved or broadcast address");
        }
        return Optional.empty();
    }

    private Optional<String> ipv6Refusal(byte[] b) {
        if (allZero(b, 0, 10)) {
            if ((b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
                return embedded(b, 12, "IPv4-mapped");
            }
            if (allZero(b, 10, 16)) {
                return Optional.of("the unspecified address ::");
            }
            if (allZero(b, 10, 15) && b[15] == 1) {
                return allowLoopback ? Optional.empty() : Optional.of("the loopback address ::1");
            }
            if (b[10] == 0 && b[11] == 0) {
                return Optional.of("a deprecated IPv4-compatible IPv6 address");
            }
        }
        int b0 = b[0] & 0xFF;
        int b1 = b[1] & 0xFF;
        if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B && allZero(b, 4, 12)) {
            return embedded(b, 12, "NAT64");
        }
        if (b0 == 0x20 && b1 == 0x02) {
            return embedded(b, 2, "6to4");
        }
        if ((b0 & 0xFE) == 0xFC) {
            return Optional.of("a unique-local (private) IPv6 address");
        }
        if (b0 == 0xFE && (b1 & 0xC0) == 0x80) {
            return Optional.of("a link-local IPv6 address");
        }
        if (b0 == 0xFE && (b1 & 0xC0) == 0xC0) {
            return Optional.of("a site-local IPv6 address");
        }
        if (b0 == 0xFF) {
            return Optional.of("a multicast IPv6 address");
        }
        if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xFF) == 0x0D && (b[3] & 0xFF) == 0xB8) {
            return Optional.of("a documentation IPv6 address");
        }
        if (b0 == 0x01 && allZero(b, 1, 8)) {
            return Optional.of("a discard-only IPv6 address");
        }
        if ((b0 & 0xE0) != 0x20) {
            return Optional.of("an IPv6 address outside global unicast 2000::/3");
        }
        return Optional.empty();
    }

    private Optional<String> embedded(byte[] b, int at, String form) {
        try {
            InetAddress v4 = InetAddress.getByAddress(new byte[] {b[at], b[at + 1], b[at + 2], b[at + 3]});
            return refusal(v4).map(reason -> reason + " (in " + form + " IPv6 form)");
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Optional<InetAddress> runtimeApiAddress() {
        String api = System.getenv("AWS_LAMBDA_RUNTIME_API");
        if (api == null || api.isBlank()) {
            return Optional.empty();
        }
        String host = api.startsWith("[") ? api.substring(1, api.indexOf(']')) : api.split(":")[0];
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
