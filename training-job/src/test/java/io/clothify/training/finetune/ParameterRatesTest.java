package io.clothify.training.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.clothify.model.arch.Architectures;
import io.clothify.model.arch.TorchScriptNet;
import io.clothify.training.Fixtures;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The backbone's learning rate, per parameter id, on the tiny ResNet backbone with real DJL optimizers. */
class ParameterRatesTest {
    static final float LR = 0.01f;
    static final double FACTOR = 0.1;

    @Test
    void theBackboneGetsItsShareOfTheScheduleAndTheHeadAllOfIt() {
        Tracker schedule = numUpdate -> 0.5f / numUpdate;
        ParameterRates rates = new ParameterRates(schedule, Set.of("backbone-1"), FACTOR, false);
        for (int n = 1; n <= 3; n++) {
            assertEquals(schedule.getNewValue(n), rates.getNewValue("head-1", n));
            assertEquals((float) (schedule.getNewValue(n) * FACTOR), rates.getNewValue("backbone-1", n));
        }
    }

    /**
     * Adam's first step moves every weight by about its learning rate (m / sqrt(v) = g / |g|). A backbone unfrozen
     * after 20 head-only steps must move by the backbone's rate on its first step too: DJL's global bias correction
     * alone would move it by half that (sqrt(1 - 0.999^21) / (1 - 0.9^21) * sqrt(0.001) / 0.1 = 0.51).
     */
    @Test
    void aBackboneUnfrozenLateMovesByItsOwnRateOnItsFirstAdamStep() {
        try (Model model = Model.newInstance("rates", "PyTorch")) {
            SequentialBlock network = Architectures.build(Architectures.spec(TorchScriptNet.NAME,
                    new TorchScriptNet.Config(Fixtures.tinyResNet().toString(), 0, 0)), 3, model.getNDManager());
            model.setBlock(network);
            Block backbone = Architectures.backbone(network);
            Set<String> ids = backbone.getParameters().values().stream().map(Parameter::getId)
                    .collect(Collectors.toSet());
            ParameterRates rates = new ParameterRates(Tracker.fixed(LR), ids, FACTOR, true);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(rates).optBeta1(ParameterRates.BETA1)
                    .optBeta2(ParameterRates.BETA2).optWeightDecays(0).build();
            try (Trainer trainer = model.newTrainer(
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam))) {
                trainer.initialize(new Shape(4, 3, 32, 32));
                backbone.freezeParameters(true);
                List<NDArray> before = snapshot(backbone);
                for (int i = 0; i < 20; i++) {
                    step(trainer);
                }
                assertEquals(0f, maxChange(backbone, before), "frozen backbone moved");
                backbone.freezeParameters(false);
                before = snapshot(backbone);
                step(trainer);
                assertEquals(LR * FACTOR, maxChange(backbone, before), LR * FACTOR * 0.02);
            }
        }
    }

    private static void step(Trainer trainer) {
        NDManager m = trainer.getManager();
        try (NDManager step = m.newSubManager()) {
            NDArray x = step.randomUniform(0, 1, new Shape(4, 3, 32, 32));
            NDArray y = step.create(new float[] {0, 1, 2, 1});
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray pred = trainer.forward(new NDList(x)).singletonOrThrow();
                collector.backward(trainer.getLoss().evaluate(new NDList(y), new NDList(pred)));
            }
            trainer.step();
        }
    }

    private static List<NDArray> snapshot(Block block) {
        return block.getParameters().values().stream().map(p -> p.getArray().duplicate()).toList();
    }

    private static float maxChange(Block block, List<NDArray> before) {
        float max = 0;
        List<NDArray> after = block.getParameters().values().stream().map(Parameter::getArray).toList();
        for (int i = 0; i < after.size(); i++) {
            max = Math.max(max, after.get(i).sub(before.get(i)).abs().max().getFloat());
        }
        return max;
    }
}
