package io.clothify.model.artifact;

import ai.djl.Model;
import io.clothify.model.Classification;
import io.clothify.model.Classifier;
import io.clothify.model.ModelInfo;
import io.clothify.model.image.DecodedImage;
import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.InferenceViews;
import io.clothify.model.image.PixelImage;
import java.util.List;

/** A classifier over a network trained by this project (a DJL artifact). Thread-safe. */
final class DjlClassifier implements Classifier {
    private final Model model;
    private final ModelInfo info;
    private final ImagePipeline pipeline;
    private final ForwardPass forward;
    private final InferenceViews views;

    DjlClassifier(Model model, ArtifactMetadata metadata) {
        this.model = model;
        this.info = new ModelInfo(metadata.name(), metadata.version(), ArtifactMetadata.KIND_DJL,
                metadata.classNames(), metadata.input());
        this.pipeline = new ImagePipeline(metadata.input());
        this.forward = new ForwardPass(model.getBlock(), pipeline);
        this.views = metadata.inferenceViews();
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public DecodedImage decode(byte[] imageBytes) {
        return pipeline.decode(imageBytes);
    }

    @Override
    public Classification classify(PixelImage image) {
        float[] probabilities = forward.probabilities(model.getNDManager(), List.of(pipeline.resize(image)), views);
        return Classification.of(info.classNames(), probabilities);
    }

    @Override
    public void close() {
        model.close();
    }
}
