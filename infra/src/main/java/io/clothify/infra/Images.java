package io.clothify.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.IgnoreMode;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.constructs.Construct;

/**
 * The two container images, built by {@code cdk deploy} from the modules' Dockerfiles and pushed to the CDK asset
 * repository (ECR): the Lambda function image and the SageMaker training image. Each build context is the
 * module's Dockerfile and its packaged jar, nothing else (the modules' {@code .dockerignore} says the same), so a
 * rebuild with byte-identical jars gives the same asset hash and pushes nothing.
 */
public final class Images extends Construct {

    /** One image: a module directory holding a Dockerfile, and the jar (relative to it) the Dockerfile copies. */
    public record ImageSource(Path directory, String jar) {
        public ImageSource {
            if (!Files.isRegularFile(directory.resolve("Dockerfile"))) {
                throw new IllegalStateException("No Dockerfile in " + directory
                        + ": the image cannot be built (is the module checked out?)");
            }
            if (jar.startsWith("/") || jar.contains("..")) {
                throw new IllegalArgumentException("Expected a jar path inside the module, got: " + jar);
            }
        }

        /** Docker-ignore patterns that keep only the Dockerfile and the jar in the build context. */
        List<String> whitelist() {
            return List.of("*", "!Dockerfile", "!" + jar);
        }
    }

    /**
     * @param function the Lambda image ({@code function/Dockerfile}, {@code target/function.jar})
     * @param training the SageMaker training image ({@code training-job/Dockerfile}, {@code target/training-job.jar})
     */
    public record ImagesProps(ImageSource function, ImageSource training) {
        public static ImagesProps of(Path repoRoot) {
            return new ImagesProps(
                    new ImageSource(repoRoot.resolve("function"), "target/function.jar"),
                    new ImageSource(repoRoot.resolve("training-job"), "target/training-job.jar"));
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
                .build();
    }

    public DockerImageAsset function() {
        return function;
    }

    public DockerImageAsset training() {
        return training;
    }
}
