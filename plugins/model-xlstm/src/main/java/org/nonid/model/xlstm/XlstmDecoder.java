package org.nonid.model.xlstm;

import java.util.ArrayList;
import java.util.List;
import org.nonid.nn.Graph;
import org.nonid.nn.StepDecoder;

/** Decoding with every block's state carried (convolution windows, mLSTM memories, sLSTM cells): one position per step. */
final class XlstmDecoder extends StepDecoder {
    private final XlstmModel model;
    private final List<XlstmBlock.State> states = new ArrayList<>();

    XlstmDecoder(XlstmModel model, int batchSize, int capacity) {
        super(batchSize, capacity);
        this.model = model;
        for (XlstmBlock block : model.blocks()) {
            states.add(block.start(model.backend(), batchSize));
        }
    }

    @Override
    protected float[] advance(int[] tokens, int position) {
        try (Graph g = new Graph(model.backend(), false)) {
            return model.backend().download(model.step(g, tokens, states).value());
        }
    }

    @Override
    protected void release() {
        states.forEach(XlstmBlock.State::close);
        states.clear();
    }
}
