package io.clothify.function.savedmodel;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.clothify.model.Classification;
import io.clothify.model.Classifier;
import io.clothify.model.InputSpec;
import io.clothify.model.ModelInfo;
import io.clothify.model.contract.ArtifactException;
import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.PixelImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Serves a TensorFlow/Keras SavedModel with DJL's TensorFlow engine: the shared {@link ImagePipeline} prepares the
 * image as its {@link SavedModelMetadata} says, the CHW tensor is transposed to the NHWC layout Keras expects, and
 * the signature's output (probabilities or logits) becomes a ranked {@link Classification}. Thread-safe: each call
 * uses its own predictor.
 */
public final class SavedModelClassifier implements Classifier {
    public static final String KIND = "savedmodel";

    private final ZooModel<NDList, NDList> model;
    private final SavedModelMetadata metadata;
    private final ModelInfo info;
    private final ImagePipeline pipeline;
    private final Runnable onClose;

    private SavedModelClassifier(ZooModel<NDList, NDList> model, SavedModelMetadata metadata, Runnable onClose) {
        this.model = model;
        this.metadata = metadata;
        this.info = new ModelInfo(metadata.name(), metadata.version(), KIND, metadata.classNames(), metadata.input());
        this.pipeline = new ImagePipeline(metadata.input());
        this.onClose = onClose;
    }

    /**
     * Loads a SavedModel directory holding {@value SavedModelMetadata#FILE_NAME}.
     *
     * @param onClose run after the model is closed (e.g. deleting an unpacked archive)
     * @throws ArtifactException if the metadata or the SavedModel cannot be loaded
     */
    public static SavedModelClassifier load(Path dir, Runnable onClose) {
        SavedModelMetadata metadata = SavedModelMetadata.read(dir);
        TensorFlowNatives.ensureLibraryPath();
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(dir).optEngine("TensorFlow").optOption("Tags", "serve")
                .optOption("SignatureDefKey", metadata.signature()).build();
        try {
            return new SavedModelClassifier(criteria.loadModel(), metadata, onClose);
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new ArtifactException("Could not load the SavedModel " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public Classification classify(PixelImage image) {
        InputSpec in = metadata.input();
        float[] nhwc = toHwc(pipeline.evalTensor(image), in.channels(), in.height(), in.width());
        try (Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = model.getNDManager().newSubManager()) {
            NDArray x = manager.create(nhwc, new Shape(1, in.height(), in.width(), in.channels()));
            NDList out = predictor.predict(new NDList(x));
            NDArray scores = pickOutput(out);
            if (!metadata.outputsProbabilities()) {
                scores = scores.softmax(-1);
            }
            return Classification.of(info.classNames(), scores.toFloatArray());
        } catch (TranslateException e) {
            throw new IllegalStateException("The SavedModel failed on a prepared input: " + e.getMessage(), e);
        }
    }

    private NDArray pickOutput(NDList outputs) {
        int classes = info.classNames().size();
        for (NDArray output : outputs) {
            if (output.getShape().size() == classes) {
                return output;
            }
        }
        throw new IllegalStateException("No output of the SavedModel has " + classes + " values (one per class): "
                + outputs.getShapes());
    }

    /** CHW (the shared pipeline's layout) to HWC (Keras' NHWC without the batch). */
    static float[] toHwc(float[] chw, int channels, int height, int width) {
        float[] hwc = new float[chw.length];
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < plane; i++) {
                hwc[i * channels + c] = chw[c * plane + i];
            }
        }
        return hwc;
    }

    @Override
    public void close() {
        model.close();
        onClose.run();
    }
}
