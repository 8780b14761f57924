package io.clothify.model.arch;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Transfer learning: a TorchScript feature extractor (e.g. an ImageNet ResNet with its classifier removed, mapping
 * {@code [N, 3, H, W]} to {@code [N, F]}) as the backbone, and a new head (optional inner dense layer, dropout,
 * linear). The backbone's weights are trainable DJL parameters, saved with the head's in the artifact's
 * {@code .params}; its structure is the TorchScript file, which the artifact carries next to them.
 */
public final class TorchScriptNet {
    public static final String NAME = "torchscript";
    /** The argument naming the backbone file: absolute while training, a file name inside an artifact. */
    public static final String BACKBONE = "backbone";

    /**
     * @param backbone the TorchScript file, resolved against the folder the network is built from
     * @param backboneSha256 hex SHA-256 of that file once it is inside an artifact, else null
     * @param innerSize units of the extra dense layer before the classifier; 0 for none
     * @param dropout dropout rate before the classifier, in [0, 1)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Config(String backbone, String backboneSha256, int innerSize, double dropout) {
        public Config {
            if (backbone == null || backbone.isBlank()) {
                throw new IllegalArgumentException(NAME + " needs a backbone: a TorchScript file (hyperparameter "
                        + BACKBONE + ")");
            }
            ClassifierHead.check(innerSize, dropout);
        }
    }

    private TorchScriptNet() {}

    /**
     * Builds {@code [backbone, head]}, loading the backbone from {@code config.backbone()} resolved against
     * {@code baseDir}. The module lives in its own native manager for the rest of the JVM's life: a network is
     * built a few times per run, and DJL offers no hook to free it with the model that holds it.
     */
    public static SequentialBlock build(Config config, int numClasses, Path baseDir) {
        Path file = baseDir.resolve(config.backbone());
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("TorchScript backbone " + file + " does not exist");
        }
        PtSymbolBlock backbone = InferenceModeModule.load((PtNDManager) NDManager.newBaseManager("PyTorch"), file);
        return new SequentialBlock().add(backbone)
                .add(ClassifierHead.build(config.innerSize(), config.dropout(), numClasses));
    }

    /**
     * The spec with its backbone file resolved against {@code dir} (an artifact's folder), so the network can be
     * built from anywhere; specs of other architectures are returned as they are.
     */
    public static ArchitectureSpec resolvedAgainst(ArchitectureSpec spec, Path dir) {
        if (!NAME.equals(spec.name())) {
            return spec;
        }
        Path file = dir.resolve(String.valueOf(spec.args().get(BACKBONE))).toAbsolutePath().normalize();
        return withBackbone(spec, file.toString(), null);
    }

    /** The spec with its backbone named by {@code file} (and its digest), for a spec of this architecture. */
    public static ArchitectureSpec withBackbone(ArchitectureSpec spec, String file, String sha256) {
        Map<String, Object> args = new HashMap<>(spec.args());
        args.put(BACKBONE, file);
        if (sha256 == null) {
            args.remove("backboneSha256");
        } else {
            args.put("backboneSha256", sha256);
        }
        return new ArchitectureSpec(spec.name(), args);
    }
}
