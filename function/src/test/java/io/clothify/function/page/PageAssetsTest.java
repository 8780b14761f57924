package io.clothify.function.page;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.clothify.function.handler.HttpApiEvents;
import io.clothify.function.handler.HttpResponse;
import io.clothify.function.server.LocalServer;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Static assets: content types from their names, binary files base64-encoded and delivered byte for byte. */
class PageAssetsTest {
    private static final String ROOT = "/page-assets/";

    @Test
    void theBundledPageHasItsThreeFilesAndNothingElse() {
        PageAssets page = PageAssets.bundled();
        assertEquals("text/html; charset=utf-8", page.get("/").orElseThrow().contentType());
        assertEquals("text/javascript; charset=utf-8", page.get("/assets/app.js").orElseThrow().contentType());
        assertEquals("text/css; charset=utf-8", page.get("/assets/app.css").orElseThrow().contentType());
        assertTrue(page.get("/index.html").isEmpty() && page.get("/model/default-model.tar.gz").isEmpty()
                && page.get("/../pom.xml").isEmpty(), "only the listed paths are served");
        for (String path : page.paths()) {
            assertTrue(path.equals("/") || path.startsWith(PageAssets.ASSETS),
                    path + ": the deployed API routes only GET / and GET /assets/{file} to the function");
        }
    }

    @Test
    void aBinaryAssetIsBase64EncodedAndTheLocalServerSendsItsExactBytes() throws Exception {
        byte[] png = resource("pixel.png");
        HttpResponse asset = PageAssets.load(ROOT, Map.of("/pixel.png", "pixel.png")).get("/pixel.png").orElseThrow();
        assertTrue(asset.base64Encoded());
        assertEquals("image/png", asset.contentType());
        assertArrayEquals(png, Base64.getDecoder().decode(asset.body()));

        // A handler that answers the asset as the Lambda would: the local server must decode it.
        RequestStreamHandler handler = (in, out, context) -> {
            in.readAllBytes();
            out.write(HttpApiEvents.toJson(asset).toString().getBytes());
        };
        try (LocalServer server = LocalServer.start(handler, 0, 1)) {
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.url().resolve("pixel.png"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            assertEquals("image/png", response.headers().firstValue("content-type").orElseThrow());
            assertEquals("nosniff", response.headers().firstValue("x-content-type-options").orElseThrow());
            assertArrayEquals(png, response.body());
        }
    }

    @Test
    void anAssetWithoutAKnownContentTypeOrMissingFailsAtStartNotPerRequest() {
        assertThrows(IllegalStateException.class, () -> PageAssets.load(ROOT, Map.of("/notes", "notes.xyz")));
        assertThrows(IllegalStateException.class, () -> PageAssets.load(ROOT, Map.of("/gone.css", "gone.css")));
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = PageAssetsTest.class.getResourceAsStream(ROOT + name)) {
            return in.readAllBytes();
        }
    }
}
