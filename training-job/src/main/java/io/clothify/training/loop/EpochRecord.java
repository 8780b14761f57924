package io.clothify.training.loop;

/** One epoch's figures, as printed in the epoch log line and plotted. */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
        double learningRate, double seconds) {}
