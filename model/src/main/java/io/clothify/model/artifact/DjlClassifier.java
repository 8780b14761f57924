package io.clothify.model.artifact;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.clothify.model.Classification;
import io.clothify.model.Classifier;
import io.clothify.model.InputSpec;
import io.clothify.model.ModelInfo;
import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.InferenceViews;
import io.clothify.model.image.PixelImage;
import java.nio.file.Path;

/** A classifier over a network trained by this project (a DJL artifact). Thread-safe. */
final class DjlClassifier implements Classifier {
    private final Model model;
    private final ModelInfo info;
    private final ImagePipeline pipeline;
    private final Path ownedFolder;
    private final InferenceViews views;

    DjlClassifier(Model model, ArtifactMetadata metadata, Path ownedFolder) {
        this.model = model;
        this.info = new ModelInfo(metadata.name(), metadata.version(), ArtifactMetadata.KIND_DJL,
                metadata.classNames(), metadata.input());
        this.pipeline = new ImagePipeline(metadata.input());
        this.ownedFolder = ownedFolder;
        this.views = metadata.inferenceViews();
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public Classification classify(PixelImage image) {
        InputSpec in = info.input();
        PixelImage resized = pipeline.resize(image);
        float[] tensor = new float[views.count() * pipeline.tensorSize()];
        views.write(pipeline, resized, tensor, 0, pipeline.tensorSize());
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray x = manager.create(tensor, new Shape(views.count(), in.channels(), in.height(), in.width()));
            NDList out = model.getBlock().forward(new ParameterStore(manager, false), new NDList(x), false);
            float[] probabilities = out.singletonOrThrow().softmax(-1).mean(new int[] {0}).toFloatArray();
            return Classification.of(info.classNames(), probabilities);
        }
    }

    @Override
    public void close() {
        model.close();
        AtomicFiles.deleteRecursively(ownedFolder);
    }
}
