package io.clothify.training.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which random transforms training applies: horizontal flip, random resized crop, small shifts, small
 * rotation, color jitter, random erasing. Parsed from a comma-separated hyperparameter such as
 * {@code flip,crop,rotate}.
 */
public record Augmentation(boolean flip, boolean crop, boolean shift, boolean rotate, boolean color,
        boolean erase) {
    public static final Augmentation NONE = new Augmentation(false, false, false, false, false, false);

    public static Augmentation parse(String spec) {
        boolean flip = false, crop = false, shift = false, rotate = false, color = false, erase = false;
        for (String raw : spec.split(",")) {
            String t = raw.trim().toLowerCase(Locale.ROOT);
            switch (t) {
                case "", "none" -> { }
                case "flip" -> flip = true;
                case "crop" -> crop = true;
                case "shift" -> shift = true;
                case "rotate" -> rotate = true;
                case "color" -> color = true;
                case "erase" -> erase = true;
                default -> throw new IllegalArgumentException("a comma-separated list of flip, crop, shift,"
                        + " rotate, color, erase or none; '" + t + "' is unknown");
            }
        }
        return new Augmentation(flip, crop, shift, rotate, color, erase);
    }

    public boolean any() {
        return flip || crop || shift || rotate || color || erase;
    }

    /** Whether the image geometry is resampled (crop, shift or rotate). */
    public boolean warps() {
        return crop || shift || rotate;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (flip) {
            parts.add("flip");
        }
        if (crop) {
            parts.add("crop");
        }
        if (shift) {
            parts.add("shift");
        }
        if (rotate) {
            parts.add("rotate");
        }
        if (color) {
            parts.add("color");
        }
        if (erase) {
            parts.add("erase");
        }
        return parts.isEmpty() ? "none" : String.join(",", parts);
    }
}
