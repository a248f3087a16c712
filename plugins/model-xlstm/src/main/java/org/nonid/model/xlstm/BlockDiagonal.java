package org.nonid.model.xlstm;

import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;
import org.nonid.nn.Graph;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/**
 * A linear map that is block-diagonal over heads, held as a full matrix times a 0/1 mask so that
 * off-block weights stay zero and learn nothing (the sLSTM's recurrent map, whose blocks feed
 * all four gates; the query, key and value maps are {@link HeadwiseLinear}).
 */
final class BlockDiagonal implements AutoCloseable {
    private final Parameter weight;
    private final Tensor mask;
    private final int in;
    private final int out;

    private interface Connected {
        boolean test(int row, int col);
    }

    private BlockDiagonal(Parameters ps, String name, int in, int out, Connected connected, float[] initial) {
        this.in = in;
        this.out = out;
        float[] m = new float[in * out];
        for (int r = 0; r < in; r++) {
            for (int c = 0; c < out; c++) {
                if (connected.test(r, c)) {
                    m[r * out + c] = 1f;
                } else {
                    initial[r * out + c] = 0f;
                }
            }
        }
        this.weight = ps.create(name, initial, in, out);
        this.mask = ps.backend().upload(m, in, out);
    }

    /**
     * Recurrent weights from h {@code [width]} to the four gates {@code [4 * width]}: unit u feeds, in
     * every gate, the units of its own head. Zero at start.
     */
    static BlockDiagonal recurrent(Parameters ps, String name, int width, int heads) {
        int dh = width / heads;
        return new BlockDiagonal(ps, name, width, 4 * width, (r, c) -> r / dh == (c % width) / dh,
                new float[width * 4 * width]);
    }

    /** The masked weight, for use in several products of one graph. */
    Node weight(Graph g) {
        return g.multiply(g.parameter(weight, in, out), g.constant(mask, in, out));
    }

    Node apply(Graph g, Node x) {
        return g.linear(x, weight(g), null);
    }

    @Override
    public void close() {
        weight.value().backend().release(mask);
    }
}
