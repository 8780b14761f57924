package io.clothify.function.handler;

/**
 * What to classify: exactly one of an image URL or image bytes, and how many classes to list.
 *
 * @param url an image URL to fetch safely, or {@code null}
 * @param image the image bytes, or {@code null}
 * @param topK how many classes to list, or {@code 0} for all
 */
public record PredictRequest(String url, byte[] image, int topK) {
    public PredictRequest {
        if ((url == null) == (image == null)) {
            throw new IllegalArgumentException("Exactly one of url and image is needed");
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0, got " + topK);
        }
    }

    public static PredictRequest ofUrl(String url, int topK) {
        return new PredictRequest(url, null, topK);
    }

    public static PredictRequest ofImage(byte[] image, int topK) {
        return new PredictRequest(null, image, topK);
    }
}
