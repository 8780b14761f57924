package io.clothify.function.page;

import io.clothify.function.handler.HttpResponse;
import io.clothify.function.handler.ResponseHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The static page that tries the API from a browser ({@code GET /}, its script and its style sheet), read once
 * from the class path and answered by the same handler as the API, so the local server and the deployed API serve
 * it alike. Text assets are answered as UTF-8 text, anything else base64-encoded (binary-safe through API Gateway).
 */
public final class PageAssets {
    /** Where the bundled page lives on the class path. */
    public static final String ROOT = "/io/clothify/function/page/";
    /**
     * Every asset but the page itself is under this path: the deployed API routes {@code GET /} and
     * {@code GET /assets/{file}} to the function (infra's InferenceApi), so a new asset needs no new route.
     */
    public static final String ASSETS = "/assets/";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    private final Map<String, HttpResponse> byPath;

    private PageAssets(Map<String, HttpResponse> byPath) {
        this.byPath = Map.copyOf(byPath);
    }

    /** The page shipped in the jar: {@code /} (index.html), {@code /assets/app.js}, {@code /assets/app.css}. */
    public static PageAssets bundled() {
        return load(ROOT, Map.of("/", "index.html", ASSETS + "app.js", "app.js", ASSETS + "app.css", "app.css"));
    }

    /**
     * Reads each file from the class path.
     *
     * @param root the class-path folder, starting and ending with {@code /}
     * @param files request path -> file name under {@code root}; the extension gives the content type
     * @throws IllegalStateException if a file is missing or its extension has no known content type
     */
    public static PageAssets load(String root, Map<String, String> files) {
        Map<String, HttpResponse> byPath = new LinkedHashMap<>();
        files.forEach((path, name) -> byPath.put(path, response(name, read(root + name))));
        return new PageAssets(byPath);
    }

    public Set<String> paths() {
        return byPath.keySet();
    }

    /** The answer for {@code GET path}, if it names an asset. */
    public Optional<HttpResponse> get(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    private static HttpResponse response(String name, byte[] bytes) {
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(extension);
        if (type == null) {
            throw new IllegalStateException("No content type known for " + name + " (known: " + TYPES.keySet() + ")");
        }
        boolean text = type.startsWith("text/") || type.equals("image/svg+xml");
        String body = text ? new String(bytes, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(bytes);
        return new HttpResponse(200, ResponseHeaders.page(type), body, !text);
    }

    private static byte[] read(String resource) {
        try (InputStream in = PageAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The page asset " + resource + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + resource + " failed", e);
        }
    }
}
