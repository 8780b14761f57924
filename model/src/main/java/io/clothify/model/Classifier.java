package io.clothify.model;

import io.clothify.model.image.DecodedImage;
import io.clothify.model.image.ImageDecodeException;
import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.PixelImage;

/**
 * Turns an image into ranked class probabilities. Implementations are thread-safe and hold native resources,
 * so they are loaded once (per container) and closed when replaced.
 */
public interface Classifier extends AutoCloseable {

    /** What this classifier is: id/version, classes, input spec. */
    ModelInfo info();

    /** Classifies a decoded image (any size; the shared pipeline resizes it). */
    Classification classify(PixelImage image);

    /**
     * Decodes image bytes (JPEG/PNG/WebP) with the shared {@link ImagePipeline#decode} for this classifier's input:
     * upright, and at a reduced scale when the photo is much larger than the network needs.
     *
     * @throws ImageDecodeException when the bytes are not a decodable image
     */
    default DecodedImage decode(byte[] imageBytes) {
        return new ImagePipeline(info().input()).decode(imageBytes);
    }

    /**
     * Decodes ({@link #decode}) and classifies image bytes.
     *
     * @throws ImageDecodeException when the bytes are not a decodable image
     */
    default Classification classify(byte[] imageBytes) {
        return classify(decode(imageBytes).image());
    }

    @Override
    void close();
}
