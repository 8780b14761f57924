package io.clothify.function.intake;

import io.clothify.function.api.BadRequestException;
import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A URL's host, parsed the way browsers (the WHATWG URL standard's host parser) and curl parse it, so that no
 * spelling of an address slips past the {@link AddressPolicy}: percent-escapes and full-width characters are
 * decoded, names are lower-cased and converted to ASCII (IDNA), and a host that ends in a number is an IPv4
 * address in any of the forms browsers accept ({@code 0x7f000001}, {@code 017700000001}, {@code 2130706433},
 * {@code 127.1}, {@code 0x7f.1}, {@code 127.0.0.1.}). A host that is none of these is a caller's mistake.
 *
 * @param name the host as sent on the wire: the address's canonical text for literals, else the ASCII name
 *     without a trailing dot
 * @param literal the address when the host is an IP literal, else empty (the name is resolved when fetching)
 * @param written the host as the URL spelled it (for messages)
 */
public record UrlHost(String name, Optional<InetAddress> literal, String written) {
    private static final int MAX_NAME = 253;

    /**
     * Parses the host part of a URL's authority ({@code [v6]} or anything else), as written in the URL.
     *
     * @throws BadRequestException ({@code bad_url}) if it is empty or not a valid host
     */
    public static UrlHost parse(String raw) {
        if (raw.isEmpty()) {
            throw invalid(raw, "is empty");
        }
        if (raw.startsWith("[")) {
            return ipv6(raw);
        }
        String ascii;
        try {
            ascii = IDN.toASCII(percentDecoded(raw)).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw invalid(raw, "is not a valid host name (" + e.getMessage() + ")");
        }
        if (ascii.endsWith(".")) { // the DNS root: 'example.com.' is 'example.com'
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        Optional<InetAddress> v4 = ipv4(ascii, raw);
        if (v4.isPresent()) {
            return new UrlHost(v4.get().getHostAddress(), v4, raw);
        }
        if (ascii.isEmpty() || !ascii.matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)*")) {
            throw invalid(raw, "has characters a host name cannot have (letters, digits, '-', '_' and dots)");
        }
        if (ascii.length() > MAX_NAME) {
            throw invalid(raw, "is longer than " + MAX_NAME + " characters");
        }
        return new UrlHost(ascii, Optional.empty(), raw);
    }

    /** How messages name the host: as written, and what it means when that differs ({@code '0x7f.1' (127.0.0.1)}). */
    public String shown() {
        String w = written.length() > 100 ? written.substring(0, 100) + "..." : written;
        return "'" + w + "'" + (w.equalsIgnoreCase(headerForm()) || w.equalsIgnoreCase(name) ? "" : " (" + name + ")");
    }

    /** The host as the {@code Host} header carries it (IPv6 in brackets). */
    public String headerForm() {
        return name.contains(":") ? "[" + name + "]" : name;
    }

    /**
     * The WHATWG IPv4 parser: up to four dot-separated numbers, each decimal, octal (leading 0) or hex (0x), the
     * last filling the remaining bytes. Empty when the host does not end in a number (so it is a name).
     */
    static Optional<InetAddress> ipv4(String host, String raw) {
        List<String> parts = Arrays.asList(host.split("\\.", -1));
        if (parts.size() > 1 && parts.getLast().isEmpty()) {
            parts = parts.subList(0, parts.size() - 1);
        }
        String last = parts.getLast();
        if (!(!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) && number(last).isEmpty()) {
            return Optional.empty();
        }
        if (parts.size() > 4) {
            throw invalid(raw, "ends in a number but has more than four parts, so it is not an IPv4 address");
        }
        long address = 0;
        for (int i = 0; i < parts.size(); i++) {
            OptionalLong n = number(parts.get(i));
            if (n.isEmpty()) {
                throw invalid(raw, "ends in a number but '" + parts.get(i) + "' is not one, so it is not an "
                        + "IPv4 address");
            }
            boolean isLast = i == parts.size() - 1;
            long max = isLast ? (1L << (8 * (5 - parts.size()))) - 1 : 255;
            if (n.getAsLong() > max) {
                throw invalid(raw, "is not an IPv4 address: '" + parts.get(i) + "' is over " + max);
            }
            address = isLast ? address + n.getAsLong() : address + (n.getAsLong() << (8 * (3 - i)));
        }
        try {
            return Optional.of(InetAddress.getByAddress(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16),
                (byte) (address >>> 8), (byte) address}));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }

    /** One IPv4 part: decimal, octal after a leading 0, hex after 0x; values past 2^32 are capped (and refused). */
    private static OptionalLong number(String part) {
        if (part.isEmpty()) {
            return OptionalLong.empty();
        }
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x") || part.startsWith("0X")) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (d < 0 || digits.charAt(i) > 'z') { // Character.digit also takes non-ASCII digits
                return OptionalLong.empty();
            }
            value = Math.min(value * radix + d, 1L << 40);
        }
        return OptionalLong.of(value);
    }

    private static UrlHost ipv6(String raw) {
        if (!raw.endsWith("]")) {
            throw invalid(raw, "opens a bracket it does not close");
        }
        String inside = raw.substring(1, raw.length() - 1);
        if (inside.contains("%")) {
            throw invalid(raw, "has an IPv6 zone identifier, which URLs may not carry");
        }
        if (!inside.contains(":") || !inside.matches("[0-9A-Fa-f:.]+")) {
            throw invalid(raw, "is not an IPv6 address");
        }
        try {
            InetAddress address = InetAddress.getByName(inside); // a literal with ':' is parsed, never looked up
            return new UrlHost(address.getHostAddress(), Optional.of(address), raw);
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw invalid(raw, "is not an IPv6 address");
        }
    }

    private static String percentDecoded(String raw) {
        if (!raw.contains("%")) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] in = raw.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length && Character.digit(in[i + 1], 16) >= 0
                    && Character.digit(in[i + 2], 16) >= 0) {
                bytes.write(Character.digit(in[i + 1], 16) * 16 + Character.digit(in[i + 2], 16));
                i += 2;
            } else {
                bytes.write(in[i]);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw invalid(raw, "has percent-escapes that are not UTF-8");
        }
    }

    private static BadRequestException invalid(String raw, String why) {
        String shown = raw.length() > 100 ? raw.substring(0, 100) + "..." : raw;
        return new BadRequestException("bad_url", "The url's host '" + shown + "' " + why);
    }
}
