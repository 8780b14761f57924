package io.clothify.function.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {
    private final AddressPolicy strict = new AddressPolicy(false, Set.of(), Set.of());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "0.0.0.0", "10.0.0.1", "10.255.255.255", "172.16.0.1",
            "172.31.255.254", "192.168.1.1", "100.64.0.1", "100.127.255.255", "169.254.169.254", "169.254.0.1",
            "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "192.0.0.8", "192.0.2.1",
            "198.18.0.1", "198.51.100.7", "203.0.113.9", "::", "::1", "fc00::1", "fd12:3456::1", "fe80::1",
            "fec0::1", "ff02::1", "2001:db8::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1",
            "64:ff9b::a00:1", "2002:a00:1::1", "::10.0.0.1", "100::1"})
    void refusesNonPublicAddresses(String literal) throws Exception {
        assertTrue(strict.refusal(InetAddress.getByName(literal)).isPresent(), literal + " must be refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "100.128.0.1", "172.15.255.255",
            "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "64:ff9b::808:808"})
    void allowsPublicAddresses(String literal) throws Exception {
        assertEquals(java.util.Optional.empty(), strict.refusal(InetAddress.getByName(literal)), literal);
    }

    @Test
    void judgesIpv4MappedAddressesKeptInIpv6FormByTheirIpv4Address() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = (byte) 169;
        mapped[13] = (byte) 254;
        mapped[14] = (byte) 169;
        mapped[15] = (byte) 254;
        InetAddress address = Inet6Address.getByAddress("metadata", mapped, -1);
        assertTrue(address instanceof Inet6Address);
        assertTrue(strict.refusal(address).orElseThrow().contains("link-local"));
    }

    @Test
    void loopbackOnlyWithTheExplicitSettingAndNeverTheRuntimeApi() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetAddress runtimeApi = InetAddress.getByName("127.0.0.9");
        AddressPolicy dev = new AddressPolicy(true, Set.of(runtimeApi), Set.of());
        assertTrue(strict.refusal(loopback).isPresent());
        assertTrue(dev.refusal(loopback).isEmpty());
        assertTrue(dev.refusal(InetAddress.getByName("::1")).isEmpty());
        assertTrue(dev.refusal(runtimeApi).orElseThrow().contains("Runtime API"));
        assertTrue(dev.refusal(InetAddress.getByName("10.0.0.1")).isPresent(), "private stays refused");
    }

    @Test
    void anAllowedTestEndpointIsExactlyOneAddressAndPort() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        AddressPolicy test = AddressPolicy.strictExcept(Set.of(new InetSocketAddress(loopback, 8123)));
        assertTrue(test.refusal(loopback, 8123).isEmpty());
        assertTrue(test.refusal(loopback, 8124).isPresent());
        assertTrue(test.refusal(InetAddress.getByName("127.0.0.2"), 8123).isPresent());
    }
}
