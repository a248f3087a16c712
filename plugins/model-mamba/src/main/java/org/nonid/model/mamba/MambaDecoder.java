package org.nonid.model.mamba;

import java.util.ArrayList;
import java.util.List;
import org.nonid.api.compute.Tensor;
import org.nonid.nn.ConvWindow;
import org.nonid.nn.Graph;
import org.nonid.nn.StepDecoder;

/** Decoding with each block's convolution window and scan state carried: every step costs one position. */
final class MambaDecoder extends StepDecoder {
    private final MambaModel model;
    private final List<ConvWindow> windows = new ArrayList<>();
    private final List<Tensor> carries = new ArrayList<>();

    MambaDecoder(MambaModel model, int batchSize, int capacity) {
        super(batchSize, capacity);
        this.model = model;
        MambaSettings s = model.settings();
        for (int i = 0; i < s.layers(); i++) {
            windows.add(new ConvWindow(model.backend(), batchSize, s.dConv(), s.inner()));
            carries.add(model.backend().zeros(batchSize * s.inner() * s.dState()));
        }
    }

    @Override
    protected float[] advance(int[] tokens, int position) {
        try (Graph g = new Graph(model.backend(), false)) {
            return model.backend().download(model.step(g, tokens, windows, carries).value());
        }
    }

    @Override
    protected void release() {
        windows.forEach(ConvWindow::close);
        carries.forEach(model.backend()::release);
        windows.clear();
        carries.clear();
    }
}
