package org.nonid.nn;

import org.nonid.api.model.Decoder;

/**
 * The bookkeeping of a {@link Decoder}: batch size, position, capacity and the checks on each
 * step. A model's decoder supplies the step itself and releases its state.
 */
public abstract class StepDecoder implements Decoder {
    private final int batchSize;
    private final int capacity;
    private int position;
    private boolean closed;

    protected StepDecoder(int batchSize, int capacity) {
        if (batchSize <= 0 || capacity <= 0) {
            throw new IllegalArgumentException("decoder of batch " + batchSize + " and capacity " + capacity);
        }
        this.batchSize = batchSize;
        this.capacity = capacity;
    }

    /** The log-probabilities {@code [batchSize * vocabulary]} after feeding {@code tokens} at {@code position}. */
    protected abstract float[] advance(int[] tokens, int position);

    /** Releases the decoder's state. */
    protected abstract void release();

    @Override
    public final int batchSize() {
        return batchSize;
    }

    @Override
    public final int position() {
        return position;
    }

    @Override
    public final int capacity() {
        return capacity;
    }

    @Override
    public final float[] step(int[] tokens) {
        if (closed) {
            throw new IllegalStateException("decoder is closed");
        }
        if (tokens.length != batchSize) {
            throw new IllegalArgumentException(tokens.length + " tokens for a batch of " + batchSize);
        }
        if (position >= capacity) {
            throw new IllegalStateException("decoder is full: " + capacity + " positions");
        }
        float[] logProbs = advance(tokens, position);
        position++;
        return logProbs;
    }

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            release();
        }
    }
}
