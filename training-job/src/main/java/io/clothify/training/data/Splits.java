package io.clothify.training.data;

import io.clothify.model.artifact.DatasetInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data of one training run.
 *
 * @param name dataset name
 * @param kind how it is stored
 * @param train training split
 * @param validation validation split (held out from train when the dataset has none)
 * @param test test split, or null
 * @param fingerprint SHA-256 over every file used (see {@link Fingerprint})
 */
public record Splits(String name, DatasetKind kind, LabelledImages train, LabelledImages validation,
        LabelledImages test, String fingerprint) {

    public List<String> classNames() {
        return train.classNames();
    }

    public DatasetInfo info() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("train", train.size());
        sizes.put("validation", validation.size());
        sizes.put("test", test == null ? 0 : test.size());
        return new DatasetInfo(name, fingerprint, sizes);
    }
}
