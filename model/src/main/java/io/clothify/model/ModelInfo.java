package io.clothify.model;

import java.util.List;

/**
 * What a loaded model is, as shown to API callers.
 *
 * @param name the model's name (e.g. {@code clothing-photo-cnn})
 * @param version a unique version (training job name or artifact digest) so callers can tell a new model went live
 * @param kind the artifact kind: {@code djl} (trained by this project) or {@code savedmodel} (TensorFlow/Keras)
 * @param classNames class names in output order
 * @param input the input the model expects
 */
public record ModelInfo(String name, String version, String kind, List<String> classNames, InputSpec input) {
    public ModelInfo {
        classNames = List.copyOf(classNames);
    }
}
