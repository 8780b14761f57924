package io.clothify.function.intake;

import io.clothify.function.api.PayloadTooLargeException;
import io.clothify.function.api.UpstreamFetchException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 GET over a socket that is already connected (and already checked): writes the request, reads the
 * status and headers, and for a 2xx the body, with Content-Length, chunked or read-to-close framing. Every read
 * waits at most the read timeout and never past the total deadline; the body is cut off past {@code maxBytes}.
 */
final class Http1Exchange {
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final int maxBytes;

    Http1Exchange(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The status and headers of any response; the body only for a 2xx that is not a redirect. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        boolean isRedirect() {
            return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
        }

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }
    }

    Response get(Socket socket, ImageUrl url, long readTimeoutMillis, long deadline) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(requestBytes(url));
        out.flush();
        return readResponse(new DeadlineInputStream(socket, readTimeoutMillis, deadline));
    }

    private static byte[] requestBytes(ImageUrl url) {
        String request = "GET " + url.requestTarget() + " HTTP/1.1\r\n"
                + "Host: " + url.hostHeader() + "\r\n"
                + "User-Agent: clothify-function\r\n"
                + "Accept: image/jpeg, image/png, image/webp, */*;q=0.1\r\n"
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
        String encoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        if (encoding.contains("chunked")) {
            return readChunked(in);
        }
        String length = headers.get("content-length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new UpstreamFetchException("url_fetch_failed", "The image URL sent a bad Content-Length");
            }
            if (declared < 0) {
                throw new UpstreamFetchException("url_fetch_failed", "The image URL sent a negative Content-Length");
            }
            if (declared > maxBytes) {
                throw tooLarge();
            }
            byte[] body = in.readNBytes((int) declared);
            if (body.length != declared) {
                throw new UpstreamFetchException("url_fetch_failed", "The image URL's body ended after "
                        + body.length + " of " + declared + " bytes");
            }
            return body;
        }
        return readLimited(in, Long.MAX_VALUE, new ByteArrayOutputStream());
    }

    private byte[] readChunked(InputStream in) throws IOException {
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
            if (size < 0) {
                throw new UpstreamFetchException("url_fetch_failed", "The image URL sent a negative chunk size");
            }
            if (body.size() + size > maxBytes) {
                throw tooLarge();
            }
            readLimited(in, size, body);
            readLine(in);
        }
    }

    /** Copies up to {@code count} bytes (or to EOF when count is unbounded), failing past the limit in total. */
    private byte[] readLimited(InputStream in, long count, ByteArrayOutputStream out) throws IOException {
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
            if (out.size() + n > maxBytes) {
                throw tooLarge();
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        return out.toByteArray();
    }

    private PayloadTooLargeException tooLarge() {
        return new PayloadTooLargeException("image_too_large", "The image at the URL is larger than "
                + maxBytes + " bytes");
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

    static long remainingMillis(long deadline) {
        return (deadline - System.nanoTime()) / 1_000_000;
    }

    /** Sets the socket's read timeout before every read to the smaller of the read timeout and the time left. */
    private static final class DeadlineInputStream extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long readTimeoutMillis;
        private final long deadline;

        DeadlineInputStream(Socket socket, long readTimeoutMillis, long deadline) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
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
