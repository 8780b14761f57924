package io.clothify.training;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The small datasets committed under src/test/resources/fixtures (see its README). */
public final class Fixtures {
    private Fixtures() {}

    /** 8 train, 2 validation, 2 test photos per class from clothing-dataset-small (CC0). */
    public static Path clothing() {
        return resource("/fixtures/clothing");
    }

    /** The first 1,200 train and 300 test images of Fashion-MNIST (MIT), as gzipped IDX files. */
    public static Path fashionMnist() {
        return resource("/fixtures/fashion-mnist");
    }

    /** The tiny TorchScript backbone committed with the model module's tests (see its README there). */
    /** A torchscript artifact of the first layout (a backbone.pt beside the parameters; model's test fixture). */
    public static Path legacyTorchScriptArtifact() {
        return tinyBackbone().getParent().resolveSibling("legacy-torchscript");
    }

    public static Path tinyBackbone() {
        return Path.of("..", "model", "src", "test", "resources", "backbone", "tiny-backbone.pt").toAbsolutePath()
                .normalize();
    }

    /** The tiny ResNet-shaped TorchScript backbone with BatchNorm (stages conv1, bn1, layer1, layer2). */
    public static Path tinyResNet() {
        return tinyBackbone().resolveSibling("tiny-resnet.pt");
    }

    private static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
