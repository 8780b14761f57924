package io.clothify.function.intake;

import io.clothify.function.api.BadRequestException;
import io.clothify.function.api.PayloadTooLargeException;
import io.clothify.function.api.UpstreamFetchException;
import io.clothify.function.api.UpstreamTimeoutException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
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
 * <p>It speaks plain HTTP/1.1 over a socket it opens itself so that every safety rule is in one place: only
 * {@code http}/{@code https}; the host is resolved here and every address it resolves to is checked by the
 * {@link AddressPolicy}; the socket connects to the checked address (no second lookup, so no DNS-rebinding gap),
 * with TLS verified against the host name; at most {@link FetchSettings#maxRedirects()} redirects, each re-checked
 * the same way; connect, read and total timeouts; and a byte limit enforced while streaming.
 */
public final class SafeUrlFetcher {
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final FetchSettings settings;
    private final HostResolver resolver;
    private final SSLSocketFactory tls;

    public SafeUrlFetcher(FetchSettings settings) {
        this(settings, HostResolver.SYSTEM, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    public SafeUrlFetcher(FetchSettings settings, HostResolver resolver, SSLSocketFactory tls) {
        this.settings = settings;
        this.resolver = resolver;
        this.tls = tls;
    }

    /**
     * Fetches the body of {@code url}.
     *
     * @throws BadRequestException the URL is malformed or not allowed (scheme, forbidden address)
     * @throws PayloadTooLargeException the body is over the byte limit
     * @throws UpstreamFetchException the host is unknown, refuses, answers non-2xx, or redirects too often
     * @throws UpstreamTimeoutException a connect, read or the total timeout passed
     */
    public byte[] fetch(String url) {
        long deadline = System.nanoTime() + settings.totalTimeout().toNanos();
        URI uri = checkedUri(url);
        for (int redirects = 0; ; redirects++) {
            Response response = exchange(uri, deadline);
            if (response.isRedirect()) {
                if (redirects >= settings.maxRedirects()) {
                    throw new UpstreamFetchException("too_many_redirects", "The image URL redirected more than "
                            + settings.maxRedirects() + " times");
                }
                String location = response.header("location").orElseThrow(() -> new UpstreamFetchException(
                        "url_fetch_failed", "The image URL answered " + response.status() + " without a Location"));
                uri = checkedUri(resolve(uri, location));
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

    /** Parses and checks scheme and host syntax (addresses are checked when connecting). */
    static URI checkedUri(String url) {
        if (url == null || url.isBlank()) {
            throw new BadRequestException("bad_url", "The url is empty");
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
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new BadRequestException("bad_url", "The url has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new BadRequestException("url_not_allowed", "URLs with credentials are not allowed");
        }
        return uri;
    }

    private Response exchange(URI uri, long deadline) {
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        String host = bareHost(uri.getHost());
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        InetAddress address = checkedAddress(host, port, deadline);
        try (Socket socket = connect(address, port, host, https, deadline)) {
            OutputStream out = socket.getOutputStream();
            out.write(requestBytes(uri, host, port, https));
            out.flush();
            InputStream in = new DeadlineInputStream(socket, settings.readTimeout().toMillis(), deadline);
            return readResponse(in);
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

    private InetAddress checkedAddress(String host, int port, long deadline) {
        InetAddress[] addresses = resolve(host, deadline);
        if (addresses == null || addresses.length == 0) {
            throw new UpstreamFetchException("url_unresolvable", "The image URL's host '" + host
                    + "' has no address");
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = settings.policy().refusal(address, port);
            if (refusal.isPresent()) {
                throw new BadRequestException("url_not_allowed", "The image URL's host '" + host + "' resolves to "
                        + refusal.get() + "; only public addresses are allowed");
            }
        }
        return addresses[0];
    }

    /** Resolves on a virtual thread so that a slow DNS answer counts against the total timeout too. */
    private InetAddress[] resolve(String host, long deadline) {
        CompletableFuture<InetAddress[]> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("resolve-" + host).start(() -> {
            try {
                answer.complete(resolver.resolve(host));
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get(Math.max(1, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new UpstreamTimeoutException("url_fetch_timeout", "Resolving the image URL's host '" + host
                    + "' timed out", e);
        } catch (ExecutionException e) {
            throw new UpstreamFetchException("url_unresolvable", "The image URL's host '" + host
                    + "' could not be resolved", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamTimeoutException("url_fetch_timeout", "Interrupted while resolving '" + host + "'", e);
        }
    }

    private Socket connect(InetAddress address, int port, String host, boolean https, long deadline)
            throws IOException {
        Socket socket = new Socket();
        try {
            int timeout = (int) Math.max(1, Math.min(settings.connectTimeout().toMillis(), remainingMillis(deadline)));
            socket.connect(new InetSocketAddress(address, port), timeout);
            if (!https) {
                return socket;
            }
            socket.setSoTimeout(timeout);
            SSLSocket ssl = (SSLSocket) tls.createSocket(socket, host, port, true);
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpLiteral(host)) {
                params.setServerNames(List.of(new SNIHostName(host)));
            }
            ssl.setSSLParameters(params);
            ssl.startHandshake();
            return ssl;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static byte[] requestBytes(URI uri, String host, int port, boolean https) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        String hostHeader = (host.contains(":") ? "[" + host + "]" : host)
                + ((https && port == 443) || (!https && port == 80) ? "" : ":" + port);
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "User-Agent: clothify-function\r\n"
                + "Accept: image/jpeg, image/png, */*;q=0.1\r\n"
                + "Accept-Encoding: identity\r\n"
                + "Connection: close\r\n\r\n";
        return request.getBytes(StandardCharsets.US_ASCII);
    }

    private Response readResponse(InputStream in) throws IOException {
        String statusLine = readLine(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new UpstreamFetchException("url_fetch_failed", "The image URL did not answer HTTP/1.x");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new UpstreamFetchException("url_fetch_failed", "The image URL answered a malformed status line");
        }
        Map<String, String> headers = new HashMap<>();
        int headerBytes = statusLine.length();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            headerBytes += line.length();
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new UpstreamFetchException("url_fetch_failed", "The image URL's response headers are too long");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        Response head = new Response(status, headers, new byte[0]);
        if (head.isRedirect() || status < 200 || status > 299) {
            return head;
        }
        return new Response(status, headers, readBody(in, headers));
    }

    private byte[] readBody(InputStream in, Map<String, String> headers) throws IOException {
        int max = settings.maxBytes();
        String encoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        if (encoding.contains("chunked")) {
            return readChunked(in, max);
        }
        String length = headers.get("content-length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new UpstreamFetchException("url_fetch_failed", "The image URL sent a bad Content-Length");
            }
            if (declared > max) {
                throw tooLarge();
            }
            byte[] body = in.readNBytes((int) declared);
            if (body.length != declared) {
                throw new UpstreamFetchException("url_fetch_failed", "The image URL's body ended after "
                        + body.length + " of " + declared + " bytes");
            }
            return body;
        }
        return readLimited(in, Long.MAX_VALUE, max, new ByteArrayOutputStream());
    }

    private byte[] readChunked(InputStream in, int max) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
            } catch (NumberFormatException e) {
                throw new UpstreamFetchException("url_fetch_failed", "The image URL sent a malformed chunk");
            }
            if (size == 0) {
                return body.toByteArray();
            }
            if (size < 0 || body.size() + size > max) {
                throw tooLarge();
            }
            readLimited(in, size, max, body);
            readLine(in);
        }
    }

    /** Copies up to {@code count} bytes (or to EOF when count is unbounded), failing past {@code max} in total. */
    private byte[] readLimited(InputStream in, long count, int max, ByteArrayOutputStream out) throws IOException {
        byte[] buffer = new byte[8192];
        long left = count;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                if (count != Long.MAX_VALUE) {
                    throw new UpstreamFetchException("url_fetch_failed", "The image URL's body ended early");
                }
                break;
            }
            if (out.size() + n > max) {
                throw tooLarge();
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        return out.toByteArray();
    }

    private PayloadTooLargeException tooLarge() {
        return new PayloadTooLargeException("image_too_large", "The image at the URL is larger than "
                + settings.maxBytes() + " bytes");
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new UpstreamFetchException("url_fetch_failed", "The image URL closed the connection early");
            }
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= MAX_HEADER_BYTES) {
                throw new UpstreamFetchException("url_fetch_failed", "The image URL sent an over-long line");
            }
            line.append((char) c);
        }
    }

    private static String bareHost(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static long remainingMillis(long deadline) {
        return (deadline - System.nanoTime()) / 1_000_000;
    }

    private record Response(int status, Map<String, String> headers, byte[] body) {
        boolean isRedirect() {
            return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
        }

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }
    }

    /** Sets the socket's read timeout before every read to the smaller of the read timeout and the time left. */
    private static final class DeadlineInputStream extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long readTimeoutMillis;
        private final long deadline;

        DeadlineInputStream(Socket socket, long readTimeoutMillis, long deadline) throws IOException {
            this.socket = socket;
            this.in = new java.io.BufferedInputStream(socket.getInputStream());
            this.readTimeoutMillis = readTimeoutMillis;
            this.deadline = deadline;
        }

        private void arm() throws IOException {
            long left = remainingMillis(deadline);
            if (left <= 0) {
                throw new SocketTimeoutException("total timeout");
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(readTimeoutMillis, left)));
        }

        @Override
        public int read() throws IOException {
            arm();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            return in.read(b, off, len);
        }
    }
}
