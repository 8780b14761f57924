package io.clothify.function.handler;

import java.util.Map;

/** The headers of each kind of answer: one place for the content types, caching and the page's security policy. */
public final class ResponseHeaders {
    public static final String JSON = "application/json";

    /**
     * The page's Content-Security-Policy: its own script and style files only (nothing inline), calls to its own
     * origin only, no framing, no plugins, no forms sent elsewhere. Images may also come from {@code blob:} (the
     * chosen photo, shown from an object URL), {@code data:} and {@code https:} (the photo of a pasted image URL;
     * the page's origin never fetches it, the browser only displays it).
     */
    public static final String PAGE_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' blob: data: https:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");

    private ResponseHeaders() {}

    /** API answers: JSON, never sniffed, never cached (each answer is for one image and one live model). */
    public static Map<String, String> json() {
        return Map.of("content-type", JSON, "x-content-type-options", "nosniff", "cache-control", "no-store");
    }

    /**
     * The page and its assets: revalidated on every load (a deploy changes them), with the security policy on
     * every document.
     */
    public static Map<String, String> page(String contentType) {
        return Map.of("content-type", contentType, "x-content-type-options", "nosniff",
                "cache-control", "no-cache", "content-security-policy", PAGE_POLICY,
                "referrer-policy", "no-referrer", "x-frame-options", "DENY");
    }
}
