package io.clothify.training.finetune;

import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The learning rate of each parameter at each update: the schedule's, times {@link FineTuning#rateFactor()} for the
 * backbone's parameters (DJL's optimizers ask per parameter id).
 *
 * <p>For Adam and AdamW it also gives a parameter that starts training late (a stage unfrozen after some epochs)
 * the bias correction of its own first steps, as PyTorch's Adam does. DJL 0.35.1 corrects every parameter with the
 * optimizer's global update count {@code t}, while the moments of a newly unfrozen parameter start from zero: its
 * first few hundred updates would be 0.5x to 5x too large. Multiplying the rate by
 * {@code c(k) / c(t)}, with {@code c(n) = sqrt(1 - beta2^n) / (1 - beta1^n)} and {@code k} the parameter's own
 * update count, turns DJL's correction into PyTorch's. It is exactly 1 for parameters trained from the first step.
 */
public final class ParameterRates implements ParameterTracker {
    /** The Adam betas the optimizers are built with (DJL's defaults), which the correction assumes. */
    public static final float BETA1 = 0.9f;
    public static final float BETA2 = 0.999f;

    private final Tracker schedule;
    private final Set<String> backboneIds;
    private final double backboneFactor;
    private final boolean adam;
    private final Map<String, Integer> ownUpdates = new ConcurrentHashMap<>();

    /**
     * @param schedule the head's learning rate per update
     * @param backboneIds the ids of the backbone's parameters
     * @param backboneFactor their rate as a multiple of the head's
     * @param adam whether the optimizer is Adam or AdamW (built with {@link #BETA1} and {@link #BETA2})
     */
    public ParameterRates(Tracker schedule, Set<String> backboneIds, double backboneFactor, boolean adam) {
        this.schedule = schedule;
        this.backboneIds = Set.copyOf(backboneIds);
        this.backboneFactor = backboneFactor;
        this.adam = adam;
    }

    @Override
    public float getNewValue(String parameterId, int numUpdate) {
        float rate = schedule.getNewValue(numUpdate);
        double factor = backboneIds.contains(parameterId) ? backboneFactor : 1;
        if (adam) {
            int own = ownUpdates.merge(parameterId, 1, Integer::sum);
            if (own != numUpdate) {
                factor *= biasCorrection(own) / biasCorrection(numUpdate);
            }
        }
        return factor == 1 ? rate : (float) (rate * factor);
    }

    private static double biasCorrection(int updates) {
        return Math.sqrt(1 - Math.pow(BETA2, updates)) / (1 - Math.pow(BETA1, updates));
    }
}
