package io.clothify.model.contract;

import java.util.List;
import java.util.Set;

/**
 * The training hyperparameter names that code outside the training job sets or tunes (the pipeline, the retrain
 * command, the shipped recipe), and the ranges a tuning job searches. The training job defines every hyperparameter
 * (type, defaults, checks); its tests check that each name and range here is one it accepts.
 */
public final class Hyperparameter {
    public static final String LEARNING_RATE = "learning_rate";
    public static final String DROPOUT = "dropout";
    public static final String INNER_SIZE = "inner_size";
    public static final String EPOCHS = "epochs";
    /** Set by the pipeline from SageMaker's MaxRuntimeInSeconds, so the job saves its model before it is stopped. */
    public static final String TIME_LIMIT_SECONDS = "time_limit_seconds";
    /** Set by the training job to its {@link TrainingChannels#PRETRAINED} channel when the pipeline fine-tunes. */
    public static final String PRETRAINED = "pretrained";
    /**
     * The torchscript architecture's pretrained backbone: a short model-zoo name ({@code resnet18}), a DJL model-zoo
     * URL or a TorchScript file; in SageMaker mode the training job points it at the file of its
     * {@link TrainingChannels#BACKBONE} channel when there is one.
     */
    public static final String BACKBONE = "backbone";
    public static final String THREADS = "threads";
    public static final String MAX_BATCHES = "max_batches";
    public static final String MAX_MINUTES = "max_minutes";
    public static final String MODEL_NAME = "model_name";

    /** Settings of one machine or one run, not of the recipe that reproduces a model. */
    public static final Set<String> NOT_RECIPE = Set.of(THREADS, MAX_BATCHES, PRETRAINED, MODEL_NAME, MAX_MINUTES,
            TIME_LIMIT_SECONDS);

    /**
     * A range a tuning job searches (SageMaker's ParameterRanges entry).
     *
     * @param name the hyperparameter
     * @param min the smallest value, as SageMaker takes it (a string)
     * @param max the largest value
     * @param scaling {@code Linear} or {@code Logarithmic}
     * @param integer whether the values are whole numbers (IntegerParameterRanges) or not (Continuous...)
     */
    public record TunedRange(String name, String min, String max, String scaling, boolean integer) {}

    /** What a tuning job searches; tuned names are not also passed as static hyperparameters. */
    public static final List<TunedRange> TUNED = List.of(
            new TunedRange(LEARNING_RATE, "0.0001", "0.01", "Logarithmic", false),
            new TunedRange(DROPOUT, "0.0", "0.5", "Linear", false),
            new TunedRange(INNER_SIZE, "32", "512", "Logarithmic", true));

    /** The names in {@link #TUNED}, in order. */
    public static final List<String> TUNED_NAMES = TUNED.stream().map(TunedRange::name).toList();

    private Hyperparameter() {}
}
