package io.clothify.training.data;

import io.clothify.model.image.PixelImage;
import java.util.List;

/**
 * A split held in memory: images already resized to the input spec's pre-crop size (decoded once, reused
 * every epoch), their class indices, and where each came from (for reports).
 */
public record LabelledImages(List<String> classNames, List<PixelImage> images, int[] labels, List<String> sources) {
    public LabelledImages {
        if (images.size() != labels.length || images.size() != sources.size()) {
            throw new IllegalArgumentException("images, labels and sources differ in length");
        }
        classNames = List.copyOf(classNames);
    }

    public int size() {
        return images.size();
    }

    public boolean isEmpty() {
        return images.isEmpty();
    }

    /** The subset at the given indices. */
    public LabelledImages select(int[] indices) {
        PixelImage[] imgs = new PixelImage[indices.length];
        int[] lbls = new int[indices.length];
        String[] srcs = new String[indices.length];
        for (int i = 0; i < indices.length; i++) {
            imgs[i] = images.get(indices[i]);
            lbls[i] = labels[indices[i]];
            srcs[i] = sources.get(indices[i]);
        }
        return new LabelledImages(classNames, List.of(imgs), lbls, List.of(srcs));
    }
}
