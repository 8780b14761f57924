package io.clothify.model;

/** One class and the probability the model gives it. */
public record Prediction(String label, double probability) {}
