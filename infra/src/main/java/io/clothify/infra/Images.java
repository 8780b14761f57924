package io.clothify.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.IgnoreMode;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.constructs.Construct;

/**
 * The two container images, built by {@code cdk deploy} from the modules' Dockerfiles and pushed to the CDK asset
 * repository (ECR): the Lambda function image and the SageMaker training image. Each build context is the
 * module's Dockerfile and the packaged files it copies, nothing else (the modules' {@code .dockerignore} says the
 * same), so a rebuild with byte-identical jars gives the same asset hash and pushes nothing.
 */
public final class Images extends Construct {

    /**
     * One image: a module directory holding a Dockerfile, the files (relative to it) the Dockerfile copies, and its
     * build arguments.
     */
    public record ImageSource(Path directory, List<String> files, Map<String, String> buildArgs) {
        public ImageSource {
            if (!Files.isRegularFile(directory.resolve("Dockerfile"))) {
                throw new IllegalStateException("No Dockerfile in " + directory
                        + ": the image cannot be built (is the module checked out?)");
            }
            for (String file : files) {
                if (file.startsWith("/") || file.contains("..")) {
                    throw new IllegalArgumentException("Expected a path inside the module, got: " + file);
                }
            }
            files = List.copyOf(files);
            buildArgs = Map.copyOf(buildArgs);
        }

        /** Docker-ignore patterns that keep only the Dockerfile and the listed files in the build context. */
        List<String> whitelist() {
            List<String> patterns = new ArrayList<>(List.of("*", "!Dockerfile"));
            files.forEach(file -> patterns.add("!" + file));
            return patterns;
        }
    }

    /**
     * @param function the Lambda image: {@code function/Dockerfile}, the lean {@code target/lambda.jar} and the
     *        native jars it extracts when the image is built (TensorFlow's only with SavedModel support)
     * @param training the SageMaker training image ({@code training-job/Dockerfile}, {@code target/training-job.jar})
     */
    public record ImagesProps(ImageSource function, ImageSource training) {
        public static ImagesProps of(Path repoRoot, boolean savedModelSupport) {
            List<String> functionFiles = new ArrayList<>(List.of("target/lambda.jar",
                    "target/natives/pytorch-native-cpu.jar"));
            if (savedModelSupport) {
                functionFiles.add("target/natives/tensorflow-core-native.jar");
            }
            return new ImagesProps(
                    new ImageSource(repoRoot.resolve("function"), functionFiles,
                            Map.of("WITH_TENSORFLOW", Boolean.toString(savedModelSupport))),
                    new ImageSource(repoRoot.resolve("training-job"), List.of("target/training-job.jar"), Map.of()));
        }
    }

    private final DockerImageAsset function;
    private final DockerImageAsset training;

    public Images(Construct scope, String id, ImagesProps props) {
        super(scope, id);
        this.function = asset("Function", props.function());
        this.training = asset("Training", props.training());
    }

    private DockerImageAsset asset(String id, ImageSource source) {
        return DockerImageAsset.Builder.create(this, id)
                .directory(source.directory().toString())
                .platform(Platform.LINUX_AMD64)
                .ignoreMode(IgnoreMode.DOCKER)
                .exclude(source.whitelist())
                .buildArgs(source.buildArgs())
                .build();
    }

    public DockerImageAsset function() {
        return function;
    }

    public DockerImageAsset training() {
        return training;
    }
}
