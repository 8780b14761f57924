package io.clothify.training.loop;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;

/** Copies parameter values between two networks of the same structure, in place (keeping gradients). */
final class Parameters {
    private Parameters() {}

    static void copy(Block from, Block to) {
        ParameterList source = from.getParameters();
        ParameterList target = to.getParameters();
        if (source.size() != target.size()) {
            throw new IllegalArgumentException("Networks differ: " + source.size() + " vs " + target.size()
                    + " parameters");
        }
        for (int i = 0; i < source.size(); i++) {
            Parameter s = source.get(i).getValue();
            Parameter t = target.get(i).getValue();
            if (!s.getArray().getShape().equals(t.getArray().getShape())) {
                throw new IllegalArgumentException("Parameter " + target.get(i).getKey() + " has shape "
                        + t.getArray().getShape() + " but the source has " + s.getArray().getShape());
            }
            t.getArray().set(s.getArray().toByteBuffer());
        }
    }
}
