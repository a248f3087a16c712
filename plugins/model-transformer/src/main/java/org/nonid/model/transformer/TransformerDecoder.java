package org.nonid.model.transformer;

import java.util.ArrayList;
import java.util.List;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;
import org.nonid.nn.Graph;
import org.nonid.nn.StepDecoder;

/** Incremental decoding with a key/value cache per layer: each step costs one position, not the whole prefix. */
final class TransformerDecoder extends StepDecoder {
    private final TransformerModel model;
    private final AttentionShape cacheShape;
    private final List<Tensor[]> caches = new ArrayList<>();

    TransformerDecoder(TransformerModel model, int batchSize, int capacity) {
        super(batchSize, capacity);
        this.model = model;
        TransformerSettings s = model.settings();
        // positions padded to whole 16-float vectors: a backend reading whole vectors of positions
        // then never reaches past a sequence's rows (no copy near the end of the capacity)
        this.cacheShape = new AttentionShape(batchSize, (capacity + 15) / 16 * 16, s.heads(), s.headDim());
        ComputeBackend b = model.backend();
        int size = batchSize * s.heads() * cacheShape.time() * s.headDim();
        for (int i = 0; i < model.layerCount(); i++) {
            caches.add(new Tensor[] {b.zeros(size), b.zeros(size)});
        }
    }

    @Override
    protected float[] advance(int[] tokens, int position) {
        try (Graph g = new Graph(model.backend(), false)) {
            return model.backend().download(model.step(g, tokens, position, caches, cacheShape).value());
        }
    }

    @Override
    protected void release() {
        for (Tensor[] pair : caches) {
            model.backend().release(pair[0]);
            model.backend().release(pair[1]);
        }
        caches.clear();
    }
}
