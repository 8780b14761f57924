package io.clothify.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import io.clothify.model.InputSpec;
import io.clothify.model.arch.ArchitectureSpec;
import io.clothify.model.arch.Architectures;
import io.clothify.model.artifact.ArtifactMetadata;
import io.clothify.model.artifact.EvaluationMetrics;
import io.clothify.model.artifact.ModelArtifacts;
import io.clothify.model.contract.TrainingLog;
import io.clothify.model.image.ImagePipeline;
import io.clothify.model.image.InferenceViews;
import io.clothify.training.augment.Augmenter;
import io.clothify.training.augment.BatchMixer;
import io.clothify.training.config.Hyperparameters;
import io.clothify.training.data.DatasetKind;
import io.clothify.training.data.DatasetLoader;
import io.clothify.training.data.Splits;
import io.clothify.training.loop.BatchStream;
import io.clothify.training.loop.Checkpoints;
import io.clothify.training.loop.EpochRecord;
import io.clothify.training.loop.LearningRateSchedule;
import io.clothify.training.loop.ModelEvaluator;
import io.clothify.training.loop.Pretrained;
import io.clothify.training.loop.StopSignal;
import io.clothify.training.loop.TimeBudget;
import io.clothify.training.loop.TrainingStoppedException;
import io.clothify.training.report.RunReport;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    private final ProgressBar progress;

    public TrainingRun(PrintStream console, ProgressBar progress) {
        this.console = console;
        this.progress = progress;
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
            if (resumed != null) {
                requireCompatible(resumed, architecture, classes, input, splits.fingerprint(), checkpoints);
            }

            SequentialBlock network = Architectures.build(architecture, classes.size());
            try (Model model = Model.newInstance(hp.modelName(), "PyTorch")) {
                model.setBlock(network);
                int stepsPerEpoch = stepsPerEpoch(splits.train().size(), hp);
                LearningRateSchedule schedule = new LearningRateSchedule(hp.schedule(), hp.learningRate(),
                        (long) stepsPerEpoch * hp.epochs(), hp.warmupFraction());
                try (Trainer trainer = model.newTrainer(trainingConfig(hp, schedule))) {
                    trainer.initialize(new Shape(hp.batchSize(), input.channels(), input.height(), input.width()));
                    if (pretrained != null) {
                        pretrained.copyBackboneInto(network);
                        if (hp.freezeBackbone()) {
                            Architectures.backbone(network).freezeParameters(true);
                        }
                    }
                    TrainingState state = resumed == null ? TrainingState.fresh()
                            : TrainingState.resume(resumed, model, architecture, checkpoints);
                    schedule.setOffset(state.steps);
                    long params = Architectures.trainableParameters(network);
                    LOG.info("Training {} ({} trainable parameters) on {} classes, {} steps per epoch, epochs {}..{}",
                            architecture.name(), params, classes.size(), stepsPerEpoch, state.epochs + 1,
                            hp.epochs());

                    trainEpochs(hp, splits, pipeline, model, trainer, schedule, checkpoints, state, stepsPerEpoch,
                            architecture, input, stop);
                    stop.confirmStopped();

                    return finish(request, hp, splits, pipeline, architecture, input, params, state, checkpoints,
                            started);
                }
            }
        }
    }

    private void trainEpochs(Hyperparameters hp, Splits splits, ImagePipeline pipeline, Model model,
            Trainer trainer, LearningRateSchedule schedule, Checkpoints checkpoints, TrainingState state,
            int stepsPerEpoch, ArchitectureSpec architecture, InputSpec input, StopSignal stop) throws IOException {
        Augmenter augmenter = new Augmenter(pipeline, hp.augment());
        BatchMixer mixer = new BatchMixer(hp.mixup(), hp.cutmix());
        ModelEvaluator evaluator = new ModelEvaluator(pipeline, Math.max(hp.batchSize(), 64));
        int numClasses = splits.classNames().size();
        Shape batchShape = new Shape(input.channels(), input.height(), input.width());
        TimeBudget budget = TimeBudget.of(hp.maxMinutes(), hp.timeLimitSeconds(), secondsSinceJobStart(),
                state.history.stream().mapToDouble(EpochRecord::seconds).sum());
        for (int epoch = state.epochs + 1; epoch <= hp.epochs(); epoch++) {
            if (hp.patience() > 0 && state.sinceImprovement >= hp.patience()) {
                LOG.info("Early stopping: no better validation accuracy for {} epochs", hp.patience());
                break;
            }
            if (budget.spent() && state.epochs > 0) { // a fresh run takes at least one step, so it has a model
                LOG.info("Time budget of {} minutes spent after epoch {}", String.format("%.2f", budget.minutes()),
                        state.epochs);
                break;
            }
            long epochStart = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            long seen = 0;
            int batchIndex = 0;
            try (var batches = new BatchStream(splits.train(), augmenter, mixer, input, hp.batchSize(),
                    stepsPerEpoch, hp.seed() * 1_000_003L + epoch)) {
                while (batches.hasNext()) {
                    if (stop.requested()) {
                        checkpoints.saveLast(model, state.toCheckpoint(architecture, splits, input));
                        progress.clear();
                        stop.confirmStopped();
                        throw new TrainingStoppedException("Stopped on request during epoch " + epoch
                                + "; resume from the checkpoint in " + checkpoints.dir() + " (epoch " + epoch
                                + " restarts)");
                    }
                    var batch = batches.next();
                    schedule.setTimeFraction(budget.fraction());
                    float[] targets = mixedTargets(batch, numClasses, hp.labelSmoothing());
                    try (NDManager step = trainer.getManager().newSubManager()) {
                        NDArray x = step.create(batch.images(), new Shape(batch.size()).addAll(batchShape));
                        NDArray t = step.create(targets, new Shape(batch.size(), numClasses));
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                            NDArray loss = logits.logSoftmax(1).mul(t).sum(new int[] {1}).neg().mean();
                            collector.backward(loss);
                            lossSum += loss.getFloat() * batch.size();
                            long[] predicted = logits.argMax(1).toLongArray();
                            for (int i = 0; i < batch.size(); i++) {
                                correct += predicted[i] == batch.labels()[i] ? 1 : 0;
                            }
                        }
                        trainer.step();
                    }
                    seen += batch.size();
                    batchIndex++;
                    progress.update(epoch, hp.epochs(), batchIndex, batches.batches(), lossSum / seen,
                            (double) correct / seen);
                    if (budget.spent()) {
                        break; // the schedule has reached its end: validate and keep this partial epoch
                    }
                }
            }
            progress.clear();
            double trainSeconds = (System.nanoTime() - epochStart) / 1e9;
            state.steps += batchIndex;
            EvaluationMetrics validation = evaluator.evaluate(model.getBlock(), trainer.getManager(),
                    splits.validation(), InferenceViews.SINGLE);
            EpochRecord record = new EpochRecord(epoch, lossSum / seen, (double) correct / seen, validation.loss(),
                    validation.accuracy(), schedule.valueAt(state.steps - 1),
                    (System.nanoTime() - epochStart) / 1e9, trainSeconds, seen);
            console.println(TrainingLog.epochLine(epoch, hp.epochs(), record.trainLoss(), record.trainAccuracy(),
                    record.valLoss(), record.valAccuracy(), record.learningRate(), record.seconds()));
            console.flush();
            state.history.add(record);
            state.epochs = epoch;
            if (validation.accuracy() > state.bestAccuracy || state.bestEpoch == 0) {
                state.bestAccuracy = validation.accuracy();
                state.bestEpoch = epoch;
                state.sinceImprovement = 0;
                checkpoints.saveBest(model);
            } else {
                state.sinceImprovement++;
            }
            checkpoints.saveLast(model, state.toCheckpoint(architecture, splits, input));
        }
    }

    private TrainingOutcome finish(TrainingRequest request, Hyperparameters hp, Splits splits,
            ImagePipeline pipeline, ArchitectureSpec architecture, InputSpec input, long params,
            TrainingState state, Checkpoints checkpoints, long started) throws IOException {
        InferenceViews views = hp.inferenceViews();
        try (Model best = Model.newInstance(hp.modelName(), "PyTorch")) {
            best.setBlock(Architectures.build(architecture, splits.classNames().size()));
            best.getBlock().initialize(best.getNDManager(), DataType.FLOAT32, Architectures.inputShape(input));
            checkpoints.load(best, checkpoints.hasBest() ? "best" : "last");
            ModelEvaluator evaluator = new ModelEvaluator(pipeline, Math.max(hp.batchSize(), 64));
            EvaluationMetrics validation = evaluator.evaluate(best.getBlock(), best.getNDManager(),
                    splits.validation(), views);
            EvaluationMetrics test = splits.test() == null ? null
                    : evaluator.evaluate(best.getBlock(), best.getNDManager(), splits.test(), views);
            String version = request.version() != null ? request.version()
                    : hp.modelName() + "-" + Instant.now().toString().replace(":", "").replaceAll("\\.\\d+", "");
            ArtifactMetadata metadata = new ArtifactMetadata(ArtifactMetadata.FORMAT_VERSION,
                    ArtifactMetadata.KIND_DJL, hp.modelName(), version, architecture, splits.classNames(), input,
                    null, null, params, views.mirror(), views.shift(), test, validation, hp.asMap(), splits.info(),
                    ModelArtifacts.libraryVersions(), Instant.now().toString());
            ArtifactMetadata saved = ModelArtifacts.save(best, metadata, request.output());
            double seconds = (System.nanoTime() - started) / 1e9;
            RunReport.write(request.output(), saved, state.history, state.bestEpoch, seconds);
            if (test != null) {
                console.println(TrainingLog.testLine(test.loss(), test.accuracy()));
            }
            LOG.info("Best epoch {} (validation accuracy {}); artifact written to {} in {} s", state.bestEpoch,
                    String.format("%.4f", validation.accuracy()), request.output(), String.format("%.1f", seconds));
            List<EpochRecord> thisRun = state.history.subList(state.resumedFrom, state.history.size());
            double trainSeconds = thisRun.stream().mapToDouble(EpochRecord::trainSeconds).sum();
            long trainImages = thisRun.stream().mapToLong(EpochRecord::trainImages).sum();
            double imagesPerSecond = trainSeconds == 0 ? 0 : trainImages / trainSeconds;
            return new TrainingOutcome(request.output(), saved, List.copyOf(state.history), state.resumedFrom,
                    seconds, imagesPerSecond);
        }
    }

    /** The job's age: a SageMaker job's time limit counts from its start, and this JVM is the job. */
    private static double secondsSinceJobStart() {
        return (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
    }

    private static DefaultTrainingConfig trainingConfig(Hyperparameters hp, LearningRateSchedule schedule) {
        Optimizer optimizer = switch (hp.optimizer()) {
            case "adamw" -> Optimizer.adamW().optLearningRateTracker(schedule)
                    .optWeightDecays((float) hp.weightDecay()).build();
            case "adam" -> Optimizer.adam().optLearningRateTracker(schedule)
                    .optWeightDecays((float) hp.weightDecay()).build();
            case "sgd" -> Optimizer.sgd().setLearningRateTracker(schedule).optMomentum(0.9f)
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

    /** The batch's soft targets: label-smoothed, then mixed by the batch's share when it was mixed. */
    static float[] mixedTargets(BatchStream.Batch batch, int numClasses, double smoothing) {
        float[] own = smoothedTargets(batch.labels(), numClasses, smoothing);
        if (batch.share() >= 1f) {
            return own;
        }
        float[] partner = smoothedTargets(batch.partners(), numClasses, smoothing);
        for (int k = 0; k < own.length; k++) {
            own[k] = batch.share() * own[k] + (1 - batch.share()) * partner[k];
        }
        return own;
    }

    static float[] smoothedTargets(int[] labels, int numClasses, double smoothing) {
        float off = (float) (smoothing / numClasses);
        float on = (float) (1 - smoothing) + off;
        float[] t = new float[labels.length * numClasses];
        for (int i = 0; i < labels.length; i++) {
            java.util.Arrays.fill(t, i * numClasses, (i + 1) * numClasses, off);
            t[i * numClasses + labels[i]] = on;
        }
        return t;
    }

    private static void useThreads(int threads) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine.getEngine("PyTorch");
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }

    private static void requireCompatible(Checkpoints.State state, ArchitectureSpec architecture,
            List<String> classes, InputSpec input, String fingerprint, Checkpoints checkpoints) {
        List<String> differences = new ArrayList<>();
        if (!architecture.equals(state.architecture())) {
            differences.add("architecture " + state.architecture() + " vs " + architecture);
        }
        if (!classes.equals(state.classNames())) {
            differences.add("classes " + state.classNames() + " vs " + classes);
        }
        if (!input.equals(state.input())) {
            differences.add("input " + state.input() + " vs " + input);
        }
        if (!fingerprint.equals(state.datasetFingerprint())) {
            differences.add("dataset fingerprint");
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("The checkpoint in " + checkpoints.dir()
                    + " belongs to a different run (" + String.join("; ", differences)
                    + "); use an empty checkpoint folder");
        }
    }

    /** Mutable progress of a run, saved in every checkpoint. */
    static final class TrainingState {
        int epochs;
        long steps;
        double bestAccuracy;
        int bestEpoch;
        int sinceImprovement;
        int resumedFrom;
        final List<EpochRecord> history = new ArrayList<>();

        static TrainingState fresh() {
            return new TrainingState();
        }

        static TrainingState resume(Checkpoints.State saved, Model model, ArchitectureSpec architecture,
                Checkpoints checkpoints) throws IOException {
            TrainingState s = new TrainingState();
            s.epochs = saved.epochsCompleted();
            s.steps = saved.stepsCompleted();
            s.bestAccuracy = saved.bestValAccuracy();
            s.bestEpoch = saved.bestEpoch();
            s.sinceImprovement = saved.epochsWithoutImprovement();
            s.resumedFrom = saved.epochsCompleted();
            s.history.addAll(saved.history());
            Pretrained.loadInto(model, checkpoints, architecture, saved.classNames().size(), saved.input());
            LOG.info("Resuming from the checkpoint in {} after epoch {}", checkpoints.dir(), s.epochs);
            return s;
        }

        Checkpoints.State toCheckpoint(ArchitectureSpec architecture, Splits splits, InputSpec input) {
            return new Checkpoints.State(epochs, steps, bestAccuracy, bestEpoch, sinceImprovement,
                    List.copyOf(history), architecture, splits.classNames(), input, splits.fingerprint());
        }
    }
}
