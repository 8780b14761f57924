package io.clothify.model.arch;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Transfer learning: a TorchScript feature extractor (e.g. an ImageNet ResNet with its classifier removed, mapping
 * {@code [N, 3, H, W]} to {@code [N, F]}) as the backbone, and a new head (optional inner dense layer, dropout,
 * linear). A network to train is built from the TorchScript file; DJL's parameters file of the trained network
 * holds the whole module (structure and weights as trained, written by {@link PtSymbolBlock#saveParameters}), so a
 * network to load is built {@link #forParameters empty} and gets its module from that file alone.
 */
public final class TorchScriptNet {
    public static final String NAME = "torchscript";
    /** The argument naming the backbone file to build from. */
    public static final String BACKBONE = "backbone";
    /**
     * The argument by which artifacts of the first layout (before 2026-12-04 21:00 UTC) named their separate
     * {@code backbone.pt}'s digest. Their head has no flatten block, so their parameters file has none either.
     */
    static final String LEGACY_DIGEST = "backboneSha256";

    /**
     * @param backbone the TorchScript file a network to train is built from; absent in an artifact, whose parameters
     *     file carries the module
     * @param innerSize units of the extra dense layer before the classifier; 0 for none
     * @param dropout dropout rate before the classifier, in [0, 1)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties({LEGACY_DIGEST})
    public record Config(String backbone, int innerSize, double dropout) {
        public Config {
            ClassifierHead.check(innerSize, dropout);
        }
    }

    private TorchScriptNet() {}

    /**
     * Builds {@code [backbone, head]} to train, loading the module from {@code config.backbone()} into
     * {@code manager}, which owns it: pass the manager of the model that will hold the network, so closing the
     * model frees the module.
     */
    static SequentialBlock build(Config config, int numClasses, NDManager manager) {
        if (config.backbone() == null || config.backbone().isBlank()) {
            throw new IllegalArgumentException(NAME + " needs a backbone: a TorchScript file (hyperparameter "
                    + BACKBONE + ")");
        }
        Path file = Path.of(config.backbone());
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("TorchScript backbone " + file + " does not exist");
        }
        return withHead(InferenceModeModule.load(pytorch(manager), file), config, numClasses);
    }

    /**
     * Builds {@code [backbone, head]} whose module arrives with the parameters ({@code Model.load} of a file saved
     * from such a network); the module is then owned by the loading model's manager. No file is read here.
     */
    static SequentialBlock forParameters(ArchitectureSpec spec, Config config, int numClasses, NDManager manager) {
        PendingModule module = new PendingModule(pytorch(manager));
        if (spec.args().containsKey(LEGACY_DIGEST)) {
            return new SequentialBlock().add(module)
                    .add(ClassifierHead.build(config.innerSize(), config.dropout(), numClasses));
        }
        return withHead(module, config, numClasses);
    }

    /**
     * Writes the TorchScript module of a network of this architecture as a TorchScript file (its weights as they are
     * now), from which {@link #build} makes a copy to train further.
     */
    public static void writeBackbone(Block network, Path file) throws IOException {
        if (!(Architectures.backbone(network) instanceof PtSymbolBlock module)) {
            throw new IllegalArgumentException("Not a " + NAME + " network: its backbone is no TorchScript module");
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            JniUtils.writeModule(module, out, false);
        }
    }

    /** The spec of a network to train, its module built from {@code file}. */
    public static ArchitectureSpec withBackbone(ArchitectureSpec spec, Path file) {
        Map<String, Object> args = new HashMap<>(spec.args());
        args.put(BACKBONE, file.toAbsolutePath().toString());
        args.remove(LEGACY_DIGEST); // the network built from the file has today's head
        return new ArchitectureSpec(spec.name(), args);
    }

    /**
     * The spec as an artifact records it: without the file the module was built from (a path on the training
     * machine), since the parameters file carries the module. Specs of other architectures are returned as they are.
     */
    public static ArchitectureSpec inArtifact(ArchitectureSpec spec) {
        if (!NAME.equals(spec.name())) {
            return spec;
        }
        Map<String, Object> args = new HashMap<>(spec.args());
        args.remove(BACKBONE);
        args.remove(LEGACY_DIGEST);
        return new ArchitectureSpec(spec.name(), args);
    }

    private static SequentialBlock withHead(Block backbone, Config config, int numClasses) {
        return new SequentialBlock().add(backbone)
                .add(ClassifierHead.afterFlatten(config.innerSize(), config.dropout(), numClasses));
    }

    private static PtNDManager pytorch(NDManager manager) {
        if (!(manager instanceof PtNDManager pt)) {
            throw new IllegalArgumentException(NAME + " needs a PyTorch NDManager, got " + manager);
        }
        return pt;
    }
}
