package io.clothify.training.loop;

import java.util.ArrayList;
import java.util.List;

/**
 * How far a run has come: the figures a checkpoint saves and a resumed run continues from. The loop records each
 * epoch here; listeners read it (early stopping its epochs without improvement, checkpoints the whole of it).
 */
public final class TrainingProgress {
    private int epochsCompleted;
    private long steps;
    private double bestAccuracy;
    private int bestEpoch;
    private int epochsWithoutImprovement;
    private final int resumedFrom;
    private final List<EpochRecord> history = new ArrayList<>();

    private TrainingProgress(int resumedFrom) {
        this.resumedFrom = resumedFrom;
    }

    public static TrainingProgress fresh() {
        return new TrainingProgress(0);
    }

    public static TrainingProgress resumed(Checkpoints.State saved) {
        TrainingProgress p = new TrainingProgress(saved.epochsCompleted());
        p.epochsCompleted = saved.epochsCompleted();
        p.steps = saved.stepsCompleted();
        p.bestAccuracy = saved.bestValAccuracy();
        p.bestEpoch = saved.bestEpoch();
        p.epochsWithoutImprovement = saved.epochsWithoutImprovement();
        p.history.addAll(saved.history());
        return p;
    }

    /** Counts an epoch's optimizer steps (before its record, whose learning rate is that of its last step). */
    public void addSteps(int count) {
        steps += count;
    }

    /** Records a validated epoch; the first epoch, and any with a better validation accuracy, becomes the best. */
    public void recordEpoch(EpochRecord record) {
        history.add(record);
        epochsCompleted = record.epoch();
        if (record.valAccuracy() > bestAccuracy || bestEpoch == 0) {
            bestAccuracy = record.valAccuracy();
            bestEpoch = record.epoch();
            epochsWithoutImprovement = 0;
        } else {
            epochsWithoutImprovement++;
        }
    }

    public Checkpoints.State toCheckpoint(RunIdentity run) {
        return new Checkpoints.State(epochsCompleted, steps, bestAccuracy, bestEpoch, epochsWithoutImprovement,
                List.copyOf(history), run.architecture(), run.classNames(), run.input(), run.datasetFingerprint());
    }

    public int epochsCompleted() {
        return epochsCompleted;
    }

    public long steps() {
        return steps;
    }

    public int bestEpoch() {
        return bestEpoch;
    }

    public int epochsWithoutImprovement() {
        return epochsWithoutImprovement;
    }

    /** The epochs a checkpoint had completed when this run resumed it (0 for a fresh run). */
    public int resumedFrom() {
        return resumedFrom;
    }

    /** Every epoch's figures, a resumed run's included. */
    public List<EpochRecord> history() {
        return List.copyOf(history);
    }

    /** The epochs this process trained. */
    public List<EpochRecord> thisRun() {
        return List.copyOf(history.subList(resumedFrom, history.size()));
    }

    /** Wall time of every recorded epoch, a resumed run's included: it counts against a time budget. */
    public double secondsSpent() {
        return history.stream().mapToDouble(EpochRecord::seconds).sum();
    }
}
