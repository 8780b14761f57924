package io.clothify.training.loop;

import ai.djl.Model;
import ai.djl.training.Trainer;
import io.clothify.model.InputSpec;
import io.clothify.model.image.ImagePipeline;
import io.clothify.training.config.Hyperparameters;
import io.clothify.training.data.Splits;

/**
 * What a run has set up before its first epoch, in one place for the loop and the end of the run.
 *
 * @param hp the resolved hyperparameters
 * @param splits the train, validation and (optional) test images
 * @param pipeline the shared preprocessing (its spec is the network's input)
 * @param run what the run's checkpoints belong to
 * @param model the model being trained, its block set
 * @param trainer the model's trainer, initialized
 * @param schedule the learning rate per step, which the trainer's optimizer follows
 * @param stepsPerEpoch batches per epoch ({@code max_batches} applied)
 */
public record TrainingContext(Hyperparameters hp, Splits splits, ImagePipeline pipeline, RunIdentity run,
        Model model, Trainer trainer, LearningRateSchedule schedule, int stepsPerEpoch) {

    public InputSpec input() {
        return pipeline.spec();
    }

    public int numClasses() {
        return splits.classNames().size();
    }
}
