package io.clothify.training.report;

import io.clothify.model.artifact.EvaluationMetrics;
import io.clothify.training.loop.EpochRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/** PNG charts drawn with Java2D (headless): training curves and the confusion matrix. */
public final class Plots {
    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color VALIDATION = new Color(255, 127, 14);

    private Plots() {}

    /** Loss (left) and accuracy (right) per epoch, train and validation. */
    public static void trainingCurves(List<EpochRecord> history, Path file) throws IOException {
        BufferedImage image = new BufferedImage(1200, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        panel(g, 0, "Loss", history, EpochRecord::trainLoss, EpochRecord::valLoss);
        panel(g, 600, "Accuracy", history, EpochRecord::trainAccuracy, EpochRecord::valAccuracy);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    /** The confusion matrix (rows: actual, columns: predicted), cells shaded by row share. */
    public static void confusionMatrix(EvaluationMetrics metrics, String title, Path file) throws IOException {
        List<String> labels = metrics.perClass().stream().map(EvaluationMetrics.ClassMetrics::label).toList();
        int n = labels.size();
        int cell = Math.max(24, Math.min(56, 560 / n));
        int left = 130;
        int top = 70;
        BufferedImage image = new BufferedImage(left + n * cell + 30, top + n * cell + 110,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(String.format(Locale.ROOT, "%s - accuracy %.4f (%d images)", title, metrics.accuracy(),
                metrics.samples()), 10, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString("rows: actual, columns: predicted", 10, 45);
        for (int r = 0; r < n; r++) {
            List<Integer> row = metrics.confusionMatrix().get(r);
            int total = row.stream().mapToInt(Integer::intValue).sum();
            g.setColor(Color.BLACK);
            g.drawString(labels.get(r), 5, top + r * cell + cell / 2 + 4);
            for (int c = 0; c < n; c++) {
                double share = total == 0 ? 0 : (double) row.get(c) / total;
                int shade = (int) Math.round(255 * (1 - share));
                g.setColor(new Color(shade, shade, 255));
                g.fillRect(left + c * cell, top + r * cell, cell, cell);
                g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                g.drawString(Integer.toString(row.get(c)), left + c * cell + 4, top + r * cell + cell / 2 + 4);
            }
        }
        g.setColor(Color.BLACK);
        for (int c = 0; c < n; c++) {
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.translate(left + c * cell + cell / 2 + 4, top + n * cell + 8);
            rotated.rotate(Math.PI / 2);
            rotated.drawString(labels.get(c), 0, 0);
            rotated.dispose();
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        return g;
    }

    private static void panel(Graphics2D g, int x0, String title, List<EpochRecord> history,
            ToDoubleFunction<EpochRecord> train, ToDoubleFunction<EpochRecord> validation) {
        int left = x0 + 70;
        int right = x0 + 570;
        int top = 50;
        int bottom = 420;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (EpochRecord r : history) {
            min = Math.min(min, Math.min(train.applyAsDouble(r), validation.applyAsDouble(r)));
            max = Math.max(max, Math.max(train.applyAsDouble(r), validation.applyAsDouble(r)));
        }
        if (history.isEmpty()) {
            min = 0;
            max = 1;
        }
        if (max - min < 1e-6) {
            max = min + 1e-3;
        }
        double pad = (max - min) * 0.05;
        min -= pad;
        max += pad;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title + " per epoch", left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawRect(left, top, right - left, bottom - top);
        for (int i = 0; i <= 4; i++) {
            double v = min + (max - min) * i / 4;
            int y = bottom - (bottom - top) * i / 4;
            g.drawString(String.format(Locale.ROOT, "%.3f", v), x0 + 15, y + 4);
        }
        int epochs = Math.max(1, history.size());
        g.drawString("epoch 1", left, bottom + 18);
        g.drawString("epoch " + (history.isEmpty() ? 1 : history.getLast().epoch()), right - 50, bottom + 18);
        series(g, history, train, TRAIN, left, right, top, bottom, min, max, epochs);
        series(g, history, validation, VALIDATION, left, right, top, bottom, min, max, epochs);
        g.setColor(TRAIN);
        g.drawString("train", right - 120, top + 18);
        g.setColor(VALIDATION);
        g.drawString("validation", right - 70, top + 18);
    }

    private static void series(Graphics2D g, List<EpochRecord> history, ToDoubleFunction<EpochRecord> value,
            Color color, int left, int right, int top, int bottom, double min, double max, int epochs) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        int px = -1;
        int py = -1;
        for (int i = 0; i < history.size(); i++) {
            int x = epochs == 1 ? (left + right) / 2 : left + (right - left) * i / (epochs - 1);
            int y = (int) Math.round(bottom - (bottom - top) * (value.applyAsDouble(history.get(i)) - min)
                    / (max - min));
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            g.fillOval(x - 3, y - 3, 6, 6);
            px = x;
            py = y;
        }
        g.setStroke(new BasicStroke(1f));
    }
}
