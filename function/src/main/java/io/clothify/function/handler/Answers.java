package io.clothify.function.handler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clothify.function.api.ApiException;
import io.clothify.function.intake.ImageFormat;
import io.clothify.model.Classification;
import io.clothify.model.ModelInfo;
import io.clothify.model.image.DecodedImage;
import io.clothify.model.Prediction;
import java.util.List;
import java.util.Locale;

/** The JSON shapes the API answers with. */
public final class Answers {
    static final ObjectMapper JSON = new ObjectMapper();

    private Answers() {}

    /**
     * A prediction: the top label, every class (or the {@code topK} most likely) sorted with its probability,
     * which model answered, and what image it saw (its full size after the EXIF orientation, however small it
     * was decoded).
     */
    public static ObjectNode prediction(Classification result, int topK, ModelInfo info, String version,
            ImageFormat format, DecodedImage image, double millis) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("label", result.top().label());
        answer.put("probability", result.top().probability());
        List<Prediction> listed = topK > 0 ? result.topK(topK) : result.predictions();
        ArrayNode predictions = answer.putArray("predictions");
        for (Prediction p : listed) {
            predictions.addObject().put("label", p.label()).put("probability", p.probability());
        }
        answer.set("model", model(info, version));
        answer.putObject("image").put("format", format.name().toLowerCase(Locale.ROOT))
                .put("width", image.width()).put("height", image.height());
        answer.put("elapsed_ms", Math.round(millis * 10) / 10.0);
        return answer;
    }

    public static ObjectNode model(ModelInfo info, String version) {
        ObjectNode model = JSON.createObjectNode();
        model.put("name", info.name()).put("version", version).put("kind", info.kind());
        model.put("classes", info.classNames().size());
        return model;
    }

    /** {@code {"error": code, "message": message}}. */
    public static ObjectNode error(ApiException e) {
        return error(e.code(), e.getMessage());
    }

    public static ObjectNode error(String code, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("error", code);
        error.put("message", message);
        return error;
    }
}
