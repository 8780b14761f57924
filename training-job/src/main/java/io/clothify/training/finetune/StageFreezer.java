package io.clothify.training.finetune;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.clothify.training.loop.EpochListener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets which of the backbone's parameters train, at the start of every epoch, from the epoch number alone: so a
 * run resumed from a checkpoint after the unfreeze epoch trains the same stages as one that never stopped. A frozen
 * parameter is skipped by the optimizer (DJL updates only parameters that require gradients), so neither its
 * gradient nor optimizer state nor weight decay moves it.
 */
public final class StageFreezer implements EpochListener {
    private static final Logger LOG = LoggerFactory.getLogger(StageFreezer.class);

    private final FineTuning plan;
    private final List<String> trainingStages;
    private final List<String> frozenStages;
    private final List<Parameter> trainable = new ArrayList<>();
    private final List<Parameter> alwaysFrozen = new ArrayList<>();
    private Boolean backboneTrains;

    /** For a backbone none of whose parameters was frozen yet (its running statistics excepted). */
    public StageFreezer(Block backbone, FineTuning plan) {
        this.plan = plan;
        BackboneStages stages = BackboneStages.of(backbone);
        this.trainingStages = stages.last(plan.stages());
        this.frozenStages = stages.names().stream().filter(s -> !trainingStages.contains(s)).toList();
        Set<String> training = new HashSet<>(trainingStages);
        for (String stage : stages.names()) {
            for (Parameter p : stages.parameters(stage)) {
                if (p.requiresGradient()) { // DJL's batch-norm running statistics never do
                    (training.contains(stage) ? trainable : alwaysFrozen).add(p);
                }
            }
        }
    }

    @Override
    public void onEpochStart(int epoch) {
        boolean trains = plan.backboneTrainsIn(epoch);
        if (backboneTrains != null && backboneTrains == trains) {
            return;
        }
        if (backboneTrains == null) {
            alwaysFrozen.forEach(p -> p.freeze(true));
        }
        trainable.forEach(p -> p.freeze(!trains));
        backboneTrains = trains;
        if (trains) {
            LOG.info("Epoch {}: backbone stages {} train ({} parameters) at {}x the head's learning rate{}", epoch,
                    trainingStages, count(trainable), plan.rateFactor(),
                    frozenStages.isEmpty() ? "" : "; " + frozenStages + " stay frozen");
        } else {
            LOG.info("Epoch {}: the backbone is frozen{}", epoch, plan.frozenEpochs() == FineTuning.WHOLE_RUN
                    ? "" : "; it trains from epoch " + (plan.frozenEpochs() + 1) + " (unfreeze_after="
                    + plan.frozenEpochs() + ")");
        }
    }

    private static long count(List<Parameter> parameters) {
        return parameters.stream().mapToLong(p -> p.getArray().size()).sum();
    }
}
