package io.clothify.training.finetune;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backbone's top-level stages in forward order, each with its parameters: for a TorchScript module the first
 * element of its parameter names ({@code layer4.1.conv2.weight} is in {@code layer4}; torchvision's ResNet gives
 * conv1, bn1, layer1 ... layer4), for a DJL block its children. Stages without parameters (ReLU, pooling) are left
 * out.
 */
public record BackboneStages(Map<String, List<Parameter>> stages) {

    public BackboneStages {
        stages = Collections.unmodifiableMap(new LinkedHashMap<>(stages));
    }

    public static BackboneStages of(Block backbone) {
        Map<String, List<Parameter>> stages = new LinkedHashMap<>();
        if (backbone.getChildren().isEmpty()) {
            for (Pair<String, Parameter> p : backbone.getParameters()) {
                stages.computeIfAbsent(p.getKey().split("\\.", 2)[0], k -> new ArrayList<>()).add(p.getValue());
            }
        } else {
            for (Pair<String, Block> child : backbone.getChildren()) {
                List<Parameter> parameters = new ArrayList<>(child.getValue().getParameters().values());
                if (!parameters.isEmpty()) {
                    stages.put(child.getKey(), parameters);
                }
            }
        }
        return new BackboneStages(stages);
    }

    public List<String> names() {
        return List.copyOf(stages.keySet());
    }

    /**
     * The names of the last {@code count} stages; 0 = all.
     *
     * @throws IllegalArgumentException when the backbone has fewer stages, listing them
     */
    public List<String> last(int count) {
        List<String> names = names();
        if (count > names.size()) {
            throw new IllegalArgumentException("Invalid hyperparameter unfreeze_stages=" + count + ": the backbone"
                    + " has " + names.size() + " stages with parameters: " + String.join(", ", names));
        }
        return count == 0 ? names : names.subList(names.size() - count, names.size());
    }

    public List<Parameter> parameters(String stage) {
        return stages.get(stage);
    }
}
