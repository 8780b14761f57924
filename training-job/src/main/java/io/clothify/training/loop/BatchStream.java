package io.clothify.training.loop;

import io.clothify.model.InputSpec;
import io.clothify.training.augment.Augmenter;
import io.clothify.training.augment.BatchMixer;
import io.clothify.training.data.LabelledImages;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One epoch of shuffled, augmented (and optionally mixed) training batches, assembled on a background thread so
 * augmentation overlaps with the forward/backward pass on the training thread. Deterministic for a seed.
 */
public final class BatchStream implements Iterator<BatchStream.Batch>, AutoCloseable {

    /**
     * A batch: {@code images} is {@code size x C x H x W}, {@code labels} class indices; image {@code i} carries
     * {@code share} of its own label and the rest of {@code partners[i]} (share 1 when nothing was mixed).
     */
    public record Batch(float[] images, int[] labels, int size, int[] partners, float share) {}

    private static final Batch END = new Batch(new float[0], new int[0], 0, new int[0], 1f);

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(3);
    private final Thread producer;
    private final int batches;
    private int taken;
    private Object next;

    public BatchStream(LabelledImages data, Augmenter augmenter, BatchMixer mixer, InputSpec input, int batchSize,
            int maxBatches, long seed) {
        int tensorSize = input.channels() * input.height() * input.width();
        int[] order = shuffled(data.size(), new Random(seed));
        int full = (data.size() + batchSize - 1) / batchSize;
        this.batches = maxBatches > 0 ? Math.min(full, maxBatches) : full;
        this.producer = Thread.ofPlatform().daemon().name("batch-producer").start(() -> {
            Random random = new Random(seed ^ 0x9E3779B97F4A7C15L);
            try {
                for (int b = 0; b < batches; b++) {
                    int from = b * batchSize;
                    int size = Math.min(batchSize, data.size() - from);
                    float[] images = new float[size * tensorSize];
                    int[] labels = new int[size];
                    for (int i = 0; i < size; i++) {
                        int index = order[from + i];
                        augmenter.writeTensor(data.images().get(index), random, images, i * tensorSize);
                        labels[i] = data.labels()[index];
                    }
                    BatchMixer.Mix mix = mixer.apply(images, labels, size, input.channels(), input.height(),
                            input.width(), random);
                    queue.put(new Batch(images, labels, size, mix.partners(), mix.share()));
                }
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                queue.clear();
                queue.offer(e);
            }
        });
    }

    public int batches() {
        return batches;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for a batch", e);
            }
        }
        if (next instanceof RuntimeException e) {
            throw e;
        }
        return next != END;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Batch batch = (Batch) next;
        next = null;
        taken++;
        return batch;
    }

    @Override
    public void close() {
        producer.interrupt();
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
