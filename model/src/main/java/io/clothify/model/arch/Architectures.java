package io.clothify.model.arch;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clothify.model.InputSpec;
import java.util.List;
import java.util.Map;

/** Builds networks from {@link ArchitectureSpec}s: the factory that rebuilds a model from its metadata. */
public final class Architectures {
    public static final List<String> NAMES = List.of(CompactCnn.NAME, PhotoCnn.NAME, TorchScriptNet.NAME);

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private Architectures() {}

    /** The default arguments of an architecture. */
    public static ArchitectureSpec defaults(String name) {
        return switch (name) {
            case CompactCnn.NAME -> spec(name, CompactCnn.Config.defaults());
            case PhotoCnn.NAME -> spec(name, PhotoCnn.Config.defaults());
            case TorchScriptNet.NAME -> throw new IllegalArgumentException(name
                    + " has no defaults: it needs a backbone file (hyperparameter " + TorchScriptNet.BACKBONE + ")");
            default -> throw unknown(name);
        };
    }

    /** Wraps a config record as a spec. */
    @SuppressWarnings("unchecked")
    public static ArchitectureSpec spec(String name, Record config) {
        return new ArchitectureSpec(name, JSON.convertValue(config, Map.class));
    }

    /**
     * Builds the untrained network {@code [backbone, head]}. Native resources it holds outside its parameters (a
     * TorchScript module) belong to {@code manager}: pass the manager of the model that will hold the network, so
     * closing the model frees them.
     *
     * @throws IllegalArgumentException for an unknown name or invalid arguments
     */
    public static SequentialBlock build(ArchitectureSpec spec, int numClasses, NDManager manager) {
        return build(spec, numClasses, manager, false);
    }

    /**
     * Builds the network to load a parameters file into ({@code Model.load}, with {@code manager} the loading
     * model's): as {@link #build}, but a TorchScript backbone is left empty, for the parameters file carries the
     * module. Load before using it; do not initialize it first.
     *
     * @throws IllegalArgumentException for an unknown name or invalid arguments
     */
    public static SequentialBlock forParameters(ArchitectureSpec spec, int numClasses, NDManager manager) {
        return build(spec, numClasses, manager, true);
    }

    private static SequentialBlock build(ArchitectureSpec spec, int numClasses, NDManager manager,
            boolean forParameters) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("A classifier needs at least 2 classes, got " + numClasses);
        }
        try {
            return switch (spec.name()) {
                case CompactCnn.NAME -> CompactCnn.build(
                        JSON.convertValue(spec.args(), CompactCnn.Config.class), numClasses);
                case PhotoCnn.NAME -> PhotoCnn.build(
                        JSON.convertValue(spec.args(), PhotoCnn.Config.class), numClasses);
                case TorchScriptNet.NAME -> {
                    TorchScriptNet.Config config = JSON.convertValue(spec.args(), TorchScriptNet.Config.class);
                    yield forParameters ? TorchScriptNet.forParameters(spec, config, numClasses, manager)
                            : TorchScriptNet.build(config, numClasses, manager);
                }
                default -> throw unknown(spec.name());
            };
        } catch (IllegalArgumentException e) {
            Throwable root = e.getCause() != null && e.getCause().getCause() instanceof IllegalArgumentException
                    ? e.getCause().getCause() : e;
            throw new IllegalArgumentException("Invalid arguments for " + spec.name() + ": " + root.getMessage(), e);
        }
    }

    /** The network's feature extractor (everything but the classifier head). */
    public static Block backbone(Block network) {
        return network.getChildren().get(0).getValue();
    }

    /** The input shape of a batch of one image. */
    public static Shape inputShape(InputSpec input) {
        return new Shape(1, input.channels(), input.height(), input.width());
    }

    /** Number of trainable parameters of a network built from {@code spec}. */
    public static long trainableParameters(ArchitectureSpec spec, int numClasses, InputSpec input) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Block network = build(spec, numClasses, manager);
            network.initialize(manager, DataType.FLOAT32, inputShape(input));
            return trainableParameters(network);
        }
    }

    /** Number of trainable parameters of an initialized network (batch-norm running statistics excluded). */
    public static long trainableParameters(Block network) {
        long count = 0;
        for (Pair<String, Parameter> p : network.getParameters()) {
            Parameter.Type type = p.getValue().getType();
            if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
                // a TorchScript module's parameters have arrays but no declared shape
                count += p.getValue().isInitialized() ? p.getValue().getArray().size() : p.getValue().getShape().size();
            }
        }
        return count;
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("Unknown architecture '" + name + "'; expected one of " + NAMES);
    }
}
