package io.clothify.function.intake;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Resolves a host name to addresses. Injectable so tests can make a name resolve to a private address. */
@FunctionalInterface
public interface HostResolver {
    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
