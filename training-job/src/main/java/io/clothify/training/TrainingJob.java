package io.clothify.training;

import ai.djl.engine.Engine;
import io.clothify.model.arch.BackboneSource;
import io.clothify.model.contract.ArtifactException;
import io.clothify.model.contract.Hyperparameter;
import io.clothify.model.contract.TrainingChannels;
import io.clothify.training.config.CommandLine;
import io.clothify.training.config.SageMakerPaths;
import io.clothify.training.data.DataLocation;
import io.clothify.training.loop.StopSignal;
import io.clothify.training.loop.TrainingStoppedException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training entry point. {@code train} alone is SageMaker mode (the container's command); flags are local
 * mode; {@code engine-info} loads the engine and prints its version. Exit codes: 0 success, 1 training failed, 2 bad command line, 143 stopped by SIGTERM (checkpoint saved).
 */
public final class TrainingJob {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int STOPPED = 143;
    static final String DATASET_NAME_ENV = TrainingChannels.DATASET_NAME_ENV;
    /** An optional SageMaker channel holding an artifact (folder or model.tar.gz) to fine-tune from. */
    static final String PRETRAINED_CHANNEL = TrainingChannels.PRETRAINED;
    /** An optional SageMaker channel holding one TorchScript file, the backbone (given to retrain as an S3 URI). */
    static final String BACKBONE_CHANNEL = TrainingChannels.BACKBONE;
    /** Set by SageMaker in training containers; becomes the artifact's version. */
    static final String TRAINING_JOB_NAME_ENV = "TRAINING_JOB_NAME";

    private TrainingJob() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        List<String> list = Arrays.asList(args);
        if (list.contains("--help") || list.contains("-h")) {
            out.print(CommandLine.usage());
            return OK;
        }
        if (list.equals(List.of("engine-info"))) {
            // Loads the PyTorch engine (extracting its natives into ENGINE_CACHE_DIR): the Dockerfile runs this
            // at build time so nothing is extracted or downloaded when SageMaker starts the container.
            Engine engine = Engine.getEngine("PyTorch");
            out.println("DJL " + Engine.getDjlVersion() + ", " + engine.getEngineName() + " " + engine.getVersion());
            return OK;
        }
        if (list.equals(List.of("train")) || list.isEmpty() && env.containsKey(SageMakerPaths.ROOT_ENV)) {
            return sageMaker(SageMakerPaths.fromEnvironment(env), env, out, err);
        }
        List<String> flags = !list.isEmpty() && list.getFirst().equals("train") ? list.subList(1, list.size()) : list;
        CommandLine command;
        try {
            command = CommandLine.parse(flags);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        }
        try {
            TrainingRequest request = new TrainingRequest(DataLocation.fromDataDir(command.data()),
                    command.output(), command.checkpoints(), command.hyperparameters());
            TrainingOutcome outcome = runWithStopHandling(request, out);
            out.println(outcome.summaryLine());
            err.println("Artifact written to " + outcome.artifact().toAbsolutePath());
            return OK;
        } catch (TrainingStoppedException e) {
            err.println(e.getMessage());
            return STOPPED;
        } catch (IllegalArgumentException | ArtifactException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        } catch (Exception e) {
            err.println("error: training failed: " + e);
            e.printStackTrace(err);
            return FAILED;
        }
    }

    private static int sageMaker(SageMakerPaths paths, Map<String, String> env, PrintStream out, PrintStream err) {
        try {
            Map<String, String> hyperparameters = new java.util.HashMap<>(paths.readHyperparameters());
            Path pretrainedChannel = paths.channels().resolve(PRETRAINED_CHANNEL);
            if (Files.isDirectory(pretrainedChannel) && !hyperparameters.containsKey(Hyperparameter.PRETRAINED)) {
                hyperparameters.put(Hyperparameter.PRETRAINED, pretrainedChannel.toString());
            }
            Path backboneChannel = paths.channels().resolve(BACKBONE_CHANNEL);
            if (Files.isDirectory(backboneChannel)) {
                hyperparameters.put(Hyperparameter.BACKBONE,
                        backboneInChannel(backboneChannel, hyperparameters.get(Hyperparameter.BACKBONE)).toString());
            }
            DataLocation data = DataLocation.fromChannels(paths.channels(),
                    env.getOrDefault(DATASET_NAME_ENV, "dataset"));
            runWithStopHandling(new TrainingRequest(data, paths.model(), paths.checkpoints(), hyperparameters,
                    env.get(TRAINING_JOB_NAME_ENV)), out);
            return OK;
        } catch (TrainingStoppedException e) {
            err.println(e.getMessage());
            return STOPPED;
        } catch (IllegalArgumentException | ArtifactException e) {
            paths.writeFailure(e.getMessage());
            err.println("error: " + e.getMessage());
            return FAILED;
        } catch (Exception e) {
            paths.writeFailure("Training failed: " + e);
            err.println("error: training failed: " + e);
            e.printStackTrace(err);
            return FAILED;
        }
    }

    /**
     * The one file of the backbone channel. The hyperparameter may name the S3 URI the channel came from, but not a
     * different backbone.
     */
    static Path backboneInChannel(Path channel, String given) throws IOException {
        if (given != null && !given.isBlank() && !BackboneSource.isS3(given.trim())) {
            throw new IllegalArgumentException("Both the '" + BACKBONE_CHANNEL + "' channel and backbone=" + given
                    + " name a backbone: give one of them");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(channel)) {
            files = walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        if (files.size() != 1) {
            throw new IllegalArgumentException("The '" + BACKBONE_CHANNEL + "' channel must hold one TorchScript"
                    + " file, found " + (files.isEmpty() ? "none" : files.stream().map(f -> channel.relativize(f)
                            .toString()).toList()) + " (its S3 URI is a prefix: every key that starts with it is"
                    + " downloaded)");
        }
        return files.getFirst();
    }

    /** Runs training; a SIGTERM (SageMaker stop, spot interruption) saves a checkpoint before the JVM exits. */
    static TrainingOutcome runWithStopHandling(TrainingRequest request, PrintStream out) throws Exception {
        StopSignal stop = new StopSignal();
        Thread hook = new Thread(() -> {
            stop.request();
            try {
                stop.awaitStopped(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sigterm-checkpoint");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return new TrainingRun(out, ProgressBar.forTerminal()).execute(request, stop);
        } finally {
            stop.confirmStopped();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting (SIGTERM): the hook is running and has its confirmation
            }
        }
    }
}
