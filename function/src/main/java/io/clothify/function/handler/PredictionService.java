package io.clothify.function.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clothify.function.api.UnprocessableImageException;
import io.clothify.function.intake.ImageHeader;
import io.clothify.function.intake.ImageInspector;
import io.clothify.function.intake.SafeUrlFetcher;
import io.clothify.function.loading.ModelLease;
import io.clothify.function.loading.ModelManager;
import io.clothify.model.Classification;
import io.clothify.model.Classifier;
import io.clothify.model.image.DecodedImage;
import io.clothify.model.image.ImageDecodeException;
import java.util.Objects;

/**
 * One prediction, independent of how it arrived: get the bytes (fetched safely or sent), check their header, take
 * the live model, decode and classify.
 */
public final class PredictionService implements AutoCloseable {
    private final ModelManager models;
    private final SafeUrlFetcher fetcher;
    private final ImageInspector inspector;
    private final RequestParser parser;

    public PredictionService(ModelManager models, SafeUrlFetcher fetcher, ImageInspector inspector,
            RequestParser parser) {
        this.models = Objects.requireNonNull(models, "models");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.inspector = Objects.requireNonNull(inspector, "inspector");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    public RequestParser parser() {
        return parser;
    }

    public ModelManager models() {
        return models;
    }

    /**
     * Classifies the request's image.
     *
     * @throws io.clothify.function.api.ApiException for every failure a caller can act on
     */
    public ObjectNode predict(PredictRequest request) {
        long started = System.nanoTime();
        // fetched and checked before the lease: a slow URL must not hold a replaced model in memory, and a bad
        // image gets its 4xx even while no model is loaded
        byte[] bytes = request.url() != null ? fetcher.fetch(request.url()) : request.image();
        ImageHeader header = inspector.inspect(bytes);
        try (ModelLease lease = models.acquire()) {
            Classifier classifier = lease.classifier();
            DecodedImage image;
            try {
                image = classifier.decode(bytes);
            } catch (ImageDecodeException e) {
                throw new UnprocessableImageException("invalid_image", e.getMessage(), e);
            }
            Classification result = classifier.classify(image.image());
            return Answers.prediction(result, request.topK(), classifier.info(), lease.version(), header.format(),
                    image, (System.nanoTime() - started) / 1e6);
        }
    }

    /** {@code {"status": "ok", "model": {...}}}; 503 (as an exception) while no model is loaded. */
    public ObjectNode health() {
        try (ModelLease lease = models.acquire()) {
            ObjectNode answer = Answers.JSON.createObjectNode();
            answer.put("status", "ok");
            answer.set("model", Answers.model(lease.classifier().info(), lease.version()));
            return answer;
        }
    }

    @Override
    public void close() {
        models.close();
    }
}
