package io.clothify.function.intake;

import io.clothify.function.api.BadRequestException;
import io.clothify.function.api.PayloadTooLargeException;
import io.clothify.function.api.UpstreamFetchException;
import io.clothify.function.api.UpstreamTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Downloads an image from a caller's URL without letting the caller reach anything private (SSRF).
 *
 * <p>Every safety rule is in one place: the URL is parsed and its host normalized the way browsers do
 * ({@link ImageUrl}, {@link UrlHost}: only {@code http}/{@code https}, any spelling of an IP literal); a name is
 * resolved here and every address it resolves to is checked by the {@link AddressPolicy}; the socket connects to
 * the checked address (no second lookup, so no DNS-rebinding gap), with TLS verified against the host; at most
 * {@link FetchSettings#maxRedirects()} redirects, each re-checked the same way; connect, read and total timeouts;
 * and a byte limit enforced while streaming ({@link Http1Exchange} speaks the HTTP/1.1 itself).
 */
public final class SafeUrlFetcher {
    private final FetchSettings settings;
    private final HostResolver resolver;
    private final SSLSocketFactory tls;
    private final Http1Exchange http;
    private final AllowedUrlHosts allowedHosts;

    public SafeUrlFetcher(FetchSettings settings) {
        this(settings, AllowedUrlHosts.anyHost());
    }

    /** A fetcher that follows redirects only to hosts on {@code allowedHosts} (the caller's URL is checked before). */
    public SafeUrlFetcher(FetchSettings settings, AllowedUrlHosts allowedHosts) {
        this(settings, HostResolver.SYSTEM, (SSLSocketFactory) SSLSocketFactory.getDefault(), allowedHosts);
    }

    public SafeUrlFetcher(FetchSettings settings, HostResolver resolver, SSLSocketFactory tls) {
        this(settings, resolver, tls, AllowedUrlHosts.anyHost());
    }

    public SafeUrlFetcher(FetchSettings settings, HostResolver resolver, SSLSocketFactory tls,
            AllowedUrlHosts allowedHosts) {
        this.settings = settings;
        this.resolver = resolver;
        this.tls = tls;
        this.http = new Http1Exchange(settings.maxBytes());
        this.allowedHosts = allowedHosts;
    }

    /**
     * Fetches the body of {@code url}.
     *
     * @throws BadRequestException the URL is malformed (its host or port included), not allowed (scheme,
     *     credentials, a forbidden address), or its host name cannot be resolved ({@code url_unresolvable})
     * @throws PayloadTooLargeException the body is over the byte limit
     * @throws UpstreamFetchException the host refuses, fails TLS, answers non-2xx, or redirects too often
     * @throws UpstreamTimeoutException a connect, read or the total timeout passed
     */
    public byte[] fetch(String url) {
        long deadline = System.nanoTime() + settings.totalTimeout().toNanos();
        ImageUrl target = ImageUrl.parse(url);
        for (int redirects = 0; ; redirects++) {
            Http1Exchange.Response response = exchange(target, deadline);
            if (response.isRedirect()) {
                if (redirects >= settings.maxRedirects()) {
                    throw new UpstreamFetchException("too_many_redirects", "The image URL redirected more than "
                            + settings.maxRedirects() + " times");
                }
                String location = response.header("location").orElseThrow(() -> new UpstreamFetchException(
                        "url_fetch_failed", "The image URL answered " + response.status() + " without a Location"));
                target = ImageUrl.parse(resolve(target.uri(), location));
                allowedHosts.checkRedirect(target);
                continue;
            }
            if (response.status() < 200 || response.status() > 299) {
                throw new UpstreamFetchException("url_fetch_failed", "The image URL answered HTTP "
                        + response.status());
            }
            return response.body();
        }
    }

    private static String resolve(URI base, String location) {
        try {
            return base.resolve(new URI(location.trim())).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new UpstreamFetchException("url_fetch_failed", "The image URL redirected to a malformed URL");
        }
    }

    private Http1Exchange.Response exchange(ImageUrl url, long deadline) {
        InetAddress address = checkedAddress(url, deadline);
        try (Socket socket = connect(address, url, deadline)) {
            return http.get(socket, url, settings.readTimeout().toMillis(), deadline);
        } catch (SocketTimeoutException e) {
            throw new UpstreamTimeoutException("url_fetch_timeout", "Fetching the image URL timed out ("
                    + e.getMessage() + ")", e);
        } catch (ConnectException e) {
            throw new UpstreamFetchException("url_fetch_failed", "Could not connect to the image URL's host", e);
        } catch (SSLException e) {
            throw new UpstreamFetchException("url_fetch_failed", "TLS with the image URL's host failed: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UpstreamFetchException("url_fetch_failed", "Fetching the image URL failed: " + e.getMessage(),
                    e);
        }
    }

    /** The address to connect to: the literal, or the first a name resolves to, once every one has passed. */
    private InetAddress checkedAddress(ImageUrl url, long deadline) {
        InetAddress[] addresses = url.host().literal().map(a -> new InetAddress[] {a})
                .orElseGet(() -> resolve(url.host(), deadline));
        if (addresses == null || addresses.length == 0) {
            throw new BadRequestException("url_unresolvable", "The image URL's host " + url.host().shown()
                    + " has no address");
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = settings.policy().refusal(address, url.port());
            if (refusal.isPresent()) {
                String is = url.host().literal().isPresent() ? " is " : " resolves to ";
                throw new BadRequestException("url_not_allowed", "The image URL's host " + url.host().shown() + is
                        + refusal.get() + "; only public addresses are allowed");
            }
        }
        return addresses[0];
    }

    /** Resolves on a virtual thread so that a slow DNS answer counts against the total timeout too. */
    private InetAddress[] resolve(UrlHost name, long deadline) {
        String host = name.name();
        CompletableFuture<InetAddress[]> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("resolve-" + host).start(() -> {
            try {
                answer.complete(resolver.resolve(host));
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get(Math.max(1, Http1Exchange.remainingMillis(deadline)), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new UpstreamTimeoutException("url_fetch_timeout", "Resolving the image URL's host "
                    + name.shown() + " timed out", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException) {
                throw new BadRequestException("url_unresolvable", "The image URL's host " + name.shown()
                        + " could not be resolved: no such host name", e.getCause());
            }
            throw new UpstreamFetchException("url_fetch_failed", "Resolving the image URL's host " + name.shown()
                    + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamTimeoutException("url_fetch_timeout", "Interrupted while resolving '" + host + "'", e);
        }
    }

    private Socket connect(InetAddress address, ImageUrl url, long deadline) throws IOException {
        Socket socket = new Socket();
        try {
            long left = Http1Exchange.remainingMillis(deadline);
            int timeout = (int) Math.max(1, Math.min(settings.connectTimeout().toMillis(), left));
            socket.connect(new InetSocketAddress(address, url.port()), timeout);
            if (!url.https()) {
                return socket;
            }
            socket.setSoTimeout(timeout);
            SSLSocket ssl = (SSLSocket) tls.createSocket(socket, url.host().name(), url.port(), true);
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            if (url.host().literal().isEmpty()) {
                sniName(url.host().name()).ifPresent(name -> params.setServerNames(List.of(name)));
            }
            ssl.setSSLParameters(params);
            ssl.startHandshake();
            return ssl;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** SNI takes stricter names than URLs do (no '_'): such a name is sent without SNI, as browsers do. */
    private static Optional<SNIHostName> sniName(String host) {
        try {
            return Optional.of(new SNIHostName(host));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
