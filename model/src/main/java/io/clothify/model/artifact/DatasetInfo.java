package io.clothify.model.artifact;

import java.util.Map;

/**
 * Which data a model was trained on.
 *
 * @param name the dataset's name (its folder name)
 * @param fingerprint SHA-256 over the sorted relative paths, sizes and labels of every file used
 * @param splitSizes images per split (train, validation, test)
 */
public record DatasetInfo(String name, String fingerprint, Map<String, Integer> splitSizes) {}
