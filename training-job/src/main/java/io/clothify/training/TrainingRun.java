package io.clothify.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import io.clothify.model.InputSpec;
import io.clothify.model.arch.ArchitectureSpec;
import io.clothify.model.arch.Architectures;
import io.clothify.model.arch.TorchScriptNet;
import io.clothify.model.artifact.ArtifactMetadata;
import io.clothify.model.artifact.EvaluationMetrics;
import io.clothify.model.artifact.ModelArtifacts;
import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.InferenceViews;
import io.clothify.training.config.Hyperparameters;
import io.clothify.training.data.DatasetKind;
import io.clothify.training.data.DatasetLoader;
import io.clothify.training.data.Splits;
import io.clothify.training.finetune.FineTuning;
import io.clothify.training.finetune.ParameterRates;
import io.clothify.training.finetune.StageFreezer;
import io.clothify.training.listener.CheckpointListener;
import io.clothify.training.listener.EarlyStoppingListener;
import io.clothify.training.listener.EpochLogListener;
import io.clothify.training.listener.RunReportListener;
import io.clothify.training.listener.TimeBudgetListener;
import io.clothify.training.loop.Checkpoints;
import io.clothify.training.loop.EpochListener;
import io.clothify.training.loop.EpochListeners;
import io.clothify.training.loop.EpochLoop;
import io.clothify.training.loop.EpochRecord;
import io.clothify.training.loop.LearningRateSchedule;
import io.clothify.training.loop.ModelEvaluator;
import io.clothify.training.loop.Pretrained;
import io.clothify.training.loop.RunIdentity;
import io.clothify.training.loop.StopSignal;
import io.clothify.training.loop.TimeBudget;
import io.clothify.training.loop.TrainingContext;
import io.clothify.training.loop.TrainingProgress;
import io.clothify.training.loop.TrainingStoppedException;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run: load the data, build (or resume, or fine-tune) the network, train with a learning-rate
 * schedule, keep the best-by-validation parameters, evaluate them on the test split and write the artifact
 * with its metrics and plots.
 */
public final class TrainingRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    private final PrintStream console;
    private final ProgressBar progressBar;

    public TrainingRun(PrintStream console, ProgressBar progressBar) {
        this.console = console;
        this.progressBar = progressBar;
    }

    public TrainingRun() {
        this(System.out, ProgressBar.forTerminal());
    }

    public TrainingOutcome execute(TrainingRequest request, StopSignal stop) throws IOException {
        long started = System.nanoTime();
        Hyperparameters hp = Hyperparameters.resolve(request.hyperparameters(), request.data().kind(),
                request.data().name());
        useThreads(hp.threads());
        Engine.getEngine("PyTorch").setRandomSeed((int) hp.seed());

        try (Pretrained pretrained = Pretrained.open(hp.pretrained())) {
            ArchitectureSpec architecture = pretrained != null ? pretrained.metadata().architecture()
                    : hp.architectureSpec();
            InputSpec input = pretrained != null ? pretrained.metadata().input()
                    : hp.inputSpec(request.data().kind() == DatasetKind.IDX ? 1 : 3);
            ImagePipeline pipeline = new ImagePipeline(input);
            Splits splits = DatasetLoader.load(request.data(), pipeline, hp.validationFraction(), hp.seed(),
                    hp.threads());
            List<String> classes = splits.classNames();

            Checkpoints checkpoints = new Checkpoints(request.checkpoints());
            Files.createDirectories(request.checkpoints());
            Checkpoints.State resumed = checkpoints.read().orElse(null);
            RunIdentity run = new RunIdentity(architecture, classes, input, splits.fingerprint());
            if (resumed != null) {
                run.requireSameRun(resumed, checkpoints);
            }

            try (Model model = Model.newInstance(hp.modelName(), "PyTorch")) {
                SequentialBlock network = Architectures.build(architecture, classes.size(), model.getNDManager());
                model.setBlock(network);
                int stepsPerEpoch = stepsPerEpoch(splits.train().size(), hp);
                LearningRateSchedule schedule = new LearningRateSchedule(hp.schedule(), hp.learningRate(),
                        (long) stepsPerEpoch * hp.epochs(), hp.warmupFraction());
                Block backbone = pretrained != null || TorchScriptNet.NAME.equals(architecture.name())
                        ? Architectures.backbone(network) : null;
                FineTuning fineTuning = FineTuning.of(hp);
                try (Trainer trainer = model.newTrainer(trainingConfig(hp, rates(hp, schedule, backbone,
                        fineTuning)))) {
                    trainer.initialize(new Shape(hp.batchSize(), input.channels(), input.height(), input.width()));
                    if (pretrained != null) {
                        pretrained.copyBackboneInto(network);
                    }
                    StageFreezer freezer = backbone == null ? null : new StageFreezer(backbone, fineTuning);
                    TrainingProgress progress = resumed == null ? TrainingProgress.fresh()
                            : resume(resumed, model, architecture, checkpoints);
                    schedule.setOffset(progress.steps());
                    long params = Architectures.trainableParameters(network);
                    LOG.info("Training {} ({} trainable parameters) on {} classes, {} steps per epoch, epochs {}..{}",
                            architecture.name(), params, classes.size(), stepsPerEpoch, progress.epochsCompleted() + 1,
                            hp.epochs());

                    TrainingContext context = new TrainingContext(hp, splits, pipeline, run, model, trainer, schedule,
                            stepsPerEpoch);
                    EpochListeners listeners = listeners(context, progress, checkpoints, freezer);
                    OptionalInt stoppedDuring = new EpochLoop(context, listeners, stop).run(progress);
                    stop.confirmStopped();
                    if (stoppedDuring.isPresent()) {
                        int epoch = stoppedDuring.getAsInt();
                        throw new TrainingStoppedException("Stopped on request during epoch " + epoch
                                + "; resume from the checkpoint in " + checkpoints.dir() + " (epoch " + epoch
                                + " restarts)");
                    }
                    return finish(request, context, progress, checkpoints, listeners, started);
                }
            }
        }
    }

    /**
     * The hooks around the loop, in the order their effects must happen: an epoch's log line before its checkpoint
     * (whoever sees the line may stop the job), the checkpoint on a stop request before the progress bar is
     * cleared, early stopping asked before the time budget (the first reason to stop is the one logged).
     */
    private EpochListeners listeners(TrainingContext context, TrainingProgress progress, Checkpoints checkpoints,
            StageFreezer freezer) {
        Hyperparameters hp = context.hp();
        TimeBudget budget = TimeBudget.of(hp.maxMinutes(), hp.timeLimitSeconds(), secondsSinceJobStart(),
                progress.secondsSpent());
        List<EpochListener> all = new ArrayList<>(List.of(
                new EpochLogListener(console, hp.epochs()),
                new CheckpointListener(checkpoints, context.model(), context.run()),
                progressBar,
                new EarlyStoppingListener(hp.patience()),
                new TimeBudgetListener(budget, context.schedule()),
                new RunReportListener(console)));
        if (freezer != null) {
            all.add(freezer);
        }
        return new EpochListeners(all);
    }

    /** Evaluates the best epoch's parameters on validation and test, and saves them as the artifact. */
    private TrainingOutcome finish(TrainingRequest request, TrainingContext context, TrainingProgress progress,
            Checkpoints checkpoints, EpochListener listeners, long started) throws IOException {
        Hyperparameters hp = context.hp();
        Splits splits = context.splits();
        ArchitectureSpec architecture = context.run().architecture();
        InferenceViews views = hp.inferenceViews();
        try (Model best = Model.newInstance(hp.modelName(), "PyTorch")) {
            best.setBlock(Architectures.forParameters(architecture, splits.classNames().size(),
                    best.getNDManager()));
            checkpoints.load(best, checkpoints.hasBest() ? "best" : "last");
            // after loading, which brings a TorchScript backbone's module; initializing keeps the loaded values
            best.getBlock().initialize(best.getNDManager(), DataType.FLOAT32,
                    Architectures.inputShape(context.input()));
            ModelEvaluator evaluator = new ModelEvaluator(context.pipeline(), Math.max(hp.batchSize(), 64));
            EvaluationMetrics validation = evaluator.evaluate(best.getBlock(), best.getNDManager(),
                    splits.validation(), views);
            EvaluationMetrics test = splits.test() == null ? null
                    : evaluator.evaluate(best.getBlock(), best.getNDManager(), splits.test(), views);
            String version = request.version() != null ? request.version()
                    : hp.modelName() + "-" + Instant.now().toString().replace(":", "").replaceAll("\\.\\d+", "");
            ArtifactMetadata metadata = new ArtifactMetadata(ArtifactMetadata.FORMAT_VERSION,
                    ArtifactMetadata.KIND_DJL, hp.modelName(), version, architecture, splits.classNames(),
                    context.input(), null, null, Architectures.trainableParameters(context.model().getBlock()),
                    views.mirror(), views.shift(), test, validation, hp.asMap(), splits.info(),
                    ModelArtifacts.libraryVersions(), Instant.now().toString());
            ArtifactMetadata saved = ModelArtifacts.save(best, metadata, request.output());
            double seconds = (System.nanoTime() - started) / 1e9;
            List<EpochRecord> history = progress.history();
            listeners.onTrainingEnd(new EpochListener.RunEnd(request.output(), saved, history, progress.bestEpoch(),
                    seconds));
            List<EpochRecord> thisRun = progress.thisRun();
            double trainSeconds = thisRun.stream().mapToDouble(EpochRecord::trainSeconds).sum();
            long trainImages = thisRun.stream().mapToLong(EpochRecord::trainImages).sum();
            double imagesPerSecond = trainSeconds == 0 ? 0 : trainImages / trainSeconds;
            return new TrainingOutcome(request.output(), saved, history, progress.resumedFrom(), seconds,
                    imagesPerSecond);
        }
    }

    /** The job's age: a SageMaker job's time limit counts from its start, and this JVM is the job. */
    private static double secondsSinceJobStart() {
        return (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
    }

    /** Each parameter's learning rate: the schedule's, scaled for the backbone's (if any) by the plan's factor. */
    private static ParameterRates rates(Hyperparameters hp, LearningRateSchedule schedule, Block backbone,
            FineTuning fineTuning) {
        Set<String> backboneIds = backbone == null ? Set.of() : backbone.getParameters().values().stream()
                .map(Parameter::getId).collect(Collectors.toSet());
        return new ParameterRates(schedule, backboneIds, fineTuning.rateFactor(), !"sgd".equals(hp.optimizer()));
    }

    private static DefaultTrainingConfig trainingConfig(Hyperparameters hp, ParameterRates rates) {
        Optimizer optimizer = switch (hp.optimizer()) {
            case "adamw" -> Optimizer.adamW().optLearningRateTracker(rates).optBeta1(ParameterRates.BETA1)
                    .optBeta2(ParameterRates.BETA2).optWeightDecays((float) hp.weightDecay()).build();
            case "adam" -> Optimizer.adam().optLearningRateTracker(rates).optBeta1(ParameterRates.BETA1)
                    .optBeta2(ParameterRates.BETA2).optWeightDecays((float) hp.weightDecay()).build();
            case "sgd" -> Optimizer.sgd().setLearningRateTracker(rates).optMomentum(0.9f)
                    .optWeightDecays((float) hp.weightDecay()).build();
            default -> throw new IllegalArgumentException("Unknown optimizer " + hp.optimizer());
        };
        return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(optimizer)
                .optInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                        XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT)
                .optDevices(new Device[] {Device.cpu()});
    }

    static int stepsPerEpoch(int trainSize, Hyperparameters hp) {
        int full = (trainSize + hp.batchSize() - 1) / hp.batchSize();
        return hp.maxBatches() > 0 ? Math.min(full, hp.maxBatches()) : full;
    }

    private static void useThreads(int threads) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine.getEngine("PyTorch");
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }

    /** Loads the checkpoint's last parameters into the model and continues its progress. */
    private static TrainingProgress resume(Checkpoints.State saved, Model model, ArchitectureSpec architecture,
            Checkpoints checkpoints) throws IOException {
        TrainingProgress progress = TrainingProgress.resumed(saved);
        Pretrained.loadInto(model, checkpoints, architecture, saved.classNames().size());
        LOG.info("Resuming from the checkpoint in {} after epoch {}", checkpoints.dir(), progress.epochsCompleted());
        return progress;
    }
}
