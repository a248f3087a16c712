package org.nonid.model.xlstm;

import java.util.SplittableRandom;
import org.nonid.api.model.Parameter;
import org.nonid.nn.Graph;
import org.nonid.nn.Init;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/**
 * A linear map that is block-diagonal (input block b feeds output block b only), held as its
 * blocks alone, {@code [in, out / blocks]}, and applied with the block-diagonal product kernel.
 */
final class HeadwiseLinear {
    private final Parameter weight;
    private final int in;
    private final int blockOut;
    private final int blocks;

    /** Weights normal with {@code std}, drawn as the full {@code in x out} matrix and kept on its blocks. */
    HeadwiseLinear(Parameters ps, String name, int in, int out, int blocks, double std, SplittableRandom random) {
        this.in = in;
        this.blocks = blocks;
        this.blockOut = out / blocks;
        int blockIn = in / blocks;
        float[] full = Init.normal(random, in * out, std);
        float[] compact = new float[in * blockOut];
        for (int r = 0; r < in; r++) {
            System.arraycopy(full, r * out + (r / blockIn) * blockOut, compact, r * blockOut, blockOut);
        }
        this.weight = ps.create(name, compact, in, blockOut);
    }

    Node apply(Graph g, Node x) {
        return g.blockDiagonal(x, g.parameter(weight, in, blockOut), blocks);
    }
}
