package io.clothify.model.arch;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.ParameterList;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * A TorchScript module that a parameters file will bring ({@link PtSymbolBlock#loadParameters} reads the whole
 * module and attaches it to the loading model's manager). Until then there is nothing to use, and a second load is
 * refused: DJL would replace the module without freeing the first one.
 */
final class PendingModule extends PtSymbolBlock {
    private boolean loaded;

    PendingModule(PtNDManager manager) {
        super(manager);
    }

    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        if (loaded) {
            throw new IllegalStateException("This TorchScript module is loaded already; build a new network to load"
                    + " other parameters");
        }
        super.loadParameters(manager, is);
        loaded = true;
    }

    @Override
    public ParameterList getDirectParameters() {
        if (!loaded) {
            throw new IllegalStateException("The TorchScript module arrives with the parameters: load them"
                    + " (Model.load) before using this network");
        }
        return super.getDirectParameters();
    }
}
