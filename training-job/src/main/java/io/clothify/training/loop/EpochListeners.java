package io.clothify.training.loop;

import java.io.IOException;
import java.util.List;

/** Several listeners as one, called in list order. */
public final class EpochListeners implements EpochListener {
    private final List<EpochListener> listeners;

    public EpochListeners(List<EpochListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public boolean shouldStopBeforeEpoch(int epoch, TrainingProgress progress) {
        return listeners.stream().anyMatch(l -> l.shouldStopBeforeEpoch(epoch, progress));
    }

    @Override
    public void onEpochStart(int epoch) {
        listeners.forEach(l -> l.onEpochStart(epoch));
    }

    @Override
    public void beforeStep() {
        listeners.forEach(EpochListener::beforeStep);
    }

    @Override
    public void afterStep(Step step) {
        listeners.forEach(l -> l.afterStep(step));
    }

    @Override
    public boolean shouldEndEpoch() {
        return listeners.stream().anyMatch(EpochListener::shouldEndEpoch);
    }

    @Override
    public void onTrainingPassEnd(int epoch) {
        listeners.forEach(l -> l.onTrainingPassEnd(epoch));
    }

    @Override
    public void onEpochEnd(EpochRecord record, TrainingProgress progress) throws IOException {
        for (EpochListener l : listeners) {
            l.onEpochEnd(record, progress);
        }
    }

    @Override
    public void onStopRequested(int epoch, TrainingProgress progress) throws IOException {
        for (EpochListener l : listeners) {
            l.onStopRequested(epoch, progress);
        }
    }

    @Override
    public void onTrainingEnd(RunEnd end) throws IOException {
        for (EpochListener l : listeners) {
            l.onTrainingEnd(end);
        }
    }
}
