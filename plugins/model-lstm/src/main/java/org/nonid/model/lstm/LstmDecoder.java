package org.nonid.model.lstm;

import java.util.ArrayList;
import java.util.List;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;
import org.nonid.nn.Graph;
import org.nonid.nn.LstmState;
import org.nonid.nn.StepDecoder;

/** Decoding with each layer's (h, c) carried from step to step: every step costs one position. */
final class LstmDecoder extends StepDecoder {
    private final LstmModel model;
    private final List<Tensor[]> states = new ArrayList<>();

    LstmDecoder(LstmModel model, int batchSize, int capacity) {
        super(batchSize, capacity);
        this.model = model;
        int size = batchSize * model.settings().hidden();
        for (int i = 0; i < model.settings().layers(); i++) {
            states.add(new Tensor[] {model.backend().zeros(size), model.backend().zeros(size)});
        }
    }

    @Override
    protected float[] advance(int[] tokens, int position) {
        ComputeBackend b = model.backend();
        int hidden = model.settings().hidden();
        try (Graph g = new Graph(b, false)) {
            List<LstmState> current = new ArrayList<>();
            for (Tensor[] s : states) {
                current.add(new LstmState(g.constant(s[0], tokens.length, hidden),
                        g.constant(s[1], tokens.length, hidden)));
            }
            float[] logProbs = b.download(model.step(g, tokens, current).value());
            for (int i = 0; i < states.size(); i++) {
                b.copy(current.get(i).h().value(), states.get(i)[0]);
                b.copy(current.get(i).c().value(), states.get(i)[1]);
            }
            return logProbs;
        }
    }

    @Override
    protected void release() {
        for (Tensor[] s : states) {
            model.backend().release(s[0]);
            model.backend().release(s[1]);
        }
        states.clear();
    }
}
