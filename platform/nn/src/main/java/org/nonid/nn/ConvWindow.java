package org.nonid.nn;

import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;

/**
 * The last {@code kernel} inputs of a causal convolution, per sequence, for decoding one position
 * at a time: {@code [batch * kernel, channels]}, oldest first, zeros before the sequence starts.
 */
public final class ConvWindow implements AutoCloseable {
    private final ComputeBackend backend;
    private final Tensor window;
    private final int batch;
    private final int kernel;
    private final int channels;

    public ConvWindow(ComputeBackend backend, int batch, int kernel, int channels) {
        this.backend = backend;
        this.window = backend.zeros(batch * kernel, channels);
        this.batch = batch;
        this.kernel = kernel;
        this.channels = channels;
    }

    /**
     * Shifts in this position's inputs x {@code [batch, channels]} and returns the convolution's
     * output at this position, {@code [batch, channels]}.
     */
    public Node convolve(Graph g, Node x, Node weight) {
        int row = kernel * channels;
        backend.copyBlock(window, channels, row, window, 0, row, batch, (kernel - 1) * channels, false);
        backend.copyBlock(x.value(), 0, channels, window, (kernel - 1) * channels, row, batch, channels, false);
        Node all = g.causalConv(g.constant(window, batch * kernel, channels), weight, batch, kernel);
        return g.timeStep(all, batch, kernel, kernel - 1);
    }

    @Override
    public void close() {
        backend.release(window);
    }
}
