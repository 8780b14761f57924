package io.clothify.training.loop;

/**
 * One epoch's figures, as printed in the epoch log line and plotted.
 *
 * @param seconds the whole epoch, validation included
 * @param trainSeconds the training passes alone (for throughput)
 * @param trainImages images trained on in this epoch
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
        double learningRate, double seconds, double trainSeconds, long trainImages) {}
