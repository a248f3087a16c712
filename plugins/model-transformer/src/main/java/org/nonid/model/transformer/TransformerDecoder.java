package org.nonid.model.transformer;

import java.util.ArrayList;
import java.util.List;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Decoder;
import org.nonid.nn.Graph;

/** Incremental decoding with a key/value cache per layer: each step costs one position, not the whole prefix. */
final class TransformerDecoder implements Decoder {
    private final TransformerModel model;
    private final int batchSize;
    private final int capacity;
    private final AttentionShape cacheShape;
    private final List<Tensor[]> caches = new ArrayList<>();
    private int position;
    private boolean closed;

    TransformerDecoder(TransformerModel model, int batchSize, int capacity) {
        this.model = model;
        this.batchSize = batchSize;
        this.capacity = capacity;
        TransformerSettings s = model.settings();
        this.cacheShape = new AttentionShape(batchSize, capacity, s.heads(), s.headDim());
        ComputeBackend b = model.backend();
        int size = batchSize * s.heads() * capacity * s.headDim();
        for (int i = 0; i < model.layerCount(); i++) {
            caches.add(new Tensor[] {b.zeros(size), b.zeros(size)});
        }
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public int position() {
        return position;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public float[] step(int[] tokens) {
        if (closed) {
            throw new IllegalStateException("decoder is closed");
        }
        if (tokens.length != batchSize) {
            throw new IllegalArgumentException(tokens.length + " tokens for a batch of " + batchSize);
        }
        if (position >= capacity) {
            throw new IllegalStateException("decoder is full: " + capacity + " positions");
        }
        try (Graph g = new Graph(model.backend(), false)) {
            float[] logProbs = model.backend().download(model.step(g, tokens, position, caches, cacheShape).value());
            position++;
            return logProbs;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Tensor[] pair : caches) {
            model.backend().release(pair[0]);
            model.backend().release(pair[1]);
        }
        caches.clear();
    }
}
